/**
 * Journey 3: a shop's feed contract (RecommendationFeed) stores a user's proven top-3 items. The user's taste vector
 * is folded in from their own purchase history against the published item table and sent as public inputs; the proof
 * shows the top 3 are exactly what the committed item table ranks highest for it.
 */
import { join } from "node:path";
import { type RecommenderModel as CircuitRecommender, inferRecommender } from "@symbiote/circuits";
import { packFeatures, quantize } from "@symbiote/sdk";
import { foldInUser, type Interaction, quantizedFromArtifact, type RecommenderModel, readCsv } from "@symbiote/trainer";
import { parseEther } from "viem";
import { actors } from "../actors.ts";
import { DemoError } from "../errors.ts";
import { requestIdFrom, waitFor, waitForFulfillment } from "../requests.ts";
import { type JourneyContext, servedLine, servedRequest } from "./context.ts";

const MAX_FEE = parseEther("10");
/** The shopper is customer 0 of shop-a in the interactions dataset. */
const SHOPPER_USER = 0;

type Recommendations = { requestId: bigint; items: readonly number[]; scores: readonly bigint[] };

/** The shopper's history in shop-a's file. */
async function shopperHistory(dataDir: string): Promise<Interaction[]> {
  const table = await readCsv(join(dataDir, "interactions", "shop-a.csv"));
  const [user, item, rating] = ["user", "item", "rating"].map((c) => table.columns.indexOf(c)) as [
    number,
    number,
    number,
  ];
  return table.rows
    .filter((row) => row[user] === SHOPPER_USER)
    .map((row) => ({ user: row[user] as number, item: row[item] as number, rating: row[rating] as number }));
}

export async function recommendationsJourney(ctx: JourneyContext): Promise<void> {
  const { chain, consumers, models, artifacts, workDir } = ctx.env;
  const feed = consumers.feed;
  ctx.progress.heading("A feed contract stores a user's top-3 recommendations (RecommendationFeed)");
  const history = await shopperHistory(join(workDir, "data"));
  const taste = foldInUser(artifacts.recommender.artifact.float as RecommenderModel, history);
  const embedding = taste.map((v, i) => quantize(v, `taste ${i}`));
  ctx.progress.info(
    `the shopper rated ${history.length} items (${history.map((h) => `#${h.item}:${h.rating}★`).join(" ")}); model ${models.recommender.modelId} v${models.recommender.version}`,
  );

  const requestId = await ctx.progress.step(
    "the feed operator requests the shopper's top 3 (public taste vector)",
    async () => {
      const receipt = await chain.send(
        actors.feedOperator,
        {
          address: feed.address,
          abi: feed.abi,
          functionName: "requestRecommendations",
          args: [actors.shopper.address, 0, packFeatures(embedding), MAX_FEE],
        },
        "RecommendationFeed.requestRecommendations",
      );
      return requestIdFrom(receipt, feed.abi, "RecommendationsRequested");
    },
  );
  const outcome = await ctx.progress.step("an operator proves the ranking; the feed stores it", async () => {
    const served = await waitForFulfillment(chain, requestId, Object.values(ctx.env.nodes));
    const stored = await waitFor("the feed's callback", async () => {
      const r = await chain.read<Recommendations>({
        address: feed.address,
        abi: feed.abi,
        functionName: "recommendationsOf",
        args: [actors.shopper.address],
      });
      return r.requestId === requestId ? r : undefined;
    });
    return { served, stored };
  });
  const reference = inferRecommender(
    quantizedFromArtifact(artifacts.recommender.artifact).model as CircuitRecommender,
    embedding,
    3,
  );
  const items = [...outcome.stored.items];
  const matchesReference = reference.top.every((t, r) => t.index === items[r]);
  if (!matchesReference) {
    throw new DemoError(
      `the stored top 3 [${items}] differ from the reference inference's [${reference.top.map((t) => t.index)}].`,
    );
  }
  const scores = outcome.stored.scores.map((s) => Number(s) / 2 ** 16);
  ctx.progress.info(servedLine(ctx, outcome.served));
  ctx.progress.info(
    `top 3 for ${actors.shopper.address}: ${items.map((item, r) => `#${item} (score ${scores[r]?.toFixed(2)})`).join(", ")}`,
  );
  ctx.summary.recommendations = { ...servedRequest(ctx, requestId, outcome.served), items, scores, matchesReference };
}
