/**
 * Journey 2: a vault (MarketSignalVault) computes the MLP's 16 features on chain from the last 33 rounds of the
 * ETH/USD feed, sends them as public inputs, and sets its risk allocation from the proven class. Anyone can check the
 * signal came from exactly those prices and exactly the registered weights.
 */

import { inferMlp, type MlpModel } from "@symbiote/circuits";
import { unpackFeatures } from "@symbiote/sdk";
import { PRICE_CLASSES, PRICE_FEATURES, quantizedFromArtifact } from "@symbiote/trainer";
import { parseEther, parseEventLogs } from "viem";
import { actors } from "../actors.ts";
import { DemoError } from "../errors.ts";
import { waitFor, waitForFulfillment } from "../requests.ts";
import { type JourneyContext, servedLine, servedRequest } from "./context.ts";

const MAX_FEE = parseEther("10");

export async function marketSignalJourney(ctx: JourneyContext): Promise<void> {
  const { chain, consumers, models, artifacts } = ctx.env;
  const vault = consumers.vault;
  ctx.progress.heading("A vault acts on the MLP's market signal from price-feed values (MarketSignalVault)");
  ctx.progress.info(
    `model ${models.marketSignal.modelId} v${models.marketSignal.version}: 16 → 32 → 4 MLP; public inputs`,
  );

  const { requestId, features } = await ctx.progress.step(
    "the fund manager asks for a signal: the vault reads 33 rounds of ETH/USD and packs the features",
    async () => {
      const receipt = await chain.send(
        actors.fundManager,
        { address: vault.address, abi: vault.abi, functionName: "requestSignal", args: [MAX_FEE] },
        "MarketSignalVault.requestSignal",
      );
      const [event] = parseEventLogs({ abi: vault.abi, eventName: "SignalRequested", logs: receipt.logs }) as {
        args: { requestId: bigint; featureWords: readonly bigint[] };
      }[];
      if (!event) throw new DemoError("requestSignal emitted no SignalRequested event.");
      return { requestId: event.args.requestId, features: unpackFeatures(event.args.featureWords, 16) };
    },
  );
  const shown = [0, 11, 13].map((i) => `${PRICE_FEATURES[i]} ${(Number(features[i]) / 2 ** 16).toFixed(3)}%`);
  ctx.progress.info(`request ${requestId}: features computed on chain, e.g. ${shown.join(", ")}`);

  const outcome = await ctx.progress.step(
    "an operator proves the MLP on those inputs; the vault rebalances",
    async () => {
      const served = await waitForFulfillment(chain, requestId, Object.values(ctx.env.nodes));
      const [lastClass, allocation] = await waitFor("the vault's callback", async () => {
        const pending = await chain.read<bigint>({
          address: vault.address,
          abi: vault.abi,
          functionName: "pendingRequest",
        });
        if (pending === requestId) return undefined;
        return Promise.all([
          chain.read<number>({ address: vault.address, abi: vault.abi, functionName: "lastClass" }),
          chain.read<number>({ address: vault.address, abi: vault.abi, functionName: "riskAllocationBps" }),
        ]);
      });
      return { served, lastClass, allocation };
    },
  );
  const reference = inferMlp(quantizedFromArtifact(artifacts.marketSignal.artifact).model as MlpModel, features);
  const matchesReference = reference.argmax === outcome.lastClass;
  if (!matchesReference) {
    throw new DemoError(
      `the proven class ${outcome.lastClass} differs from the reference inference's ${reference.argmax}.`,
    );
  }
  const className = PRICE_CLASSES[outcome.lastClass] ?? String(outcome.lastClass);
  ctx.progress.info(servedLine(ctx, outcome.served));
  ctx.progress.info(`signal: ${className} (class ${outcome.lastClass}) → risk allocation ${outcome.allocation / 100}%`);
  ctx.summary.marketSignal = {
    ...servedRequest(ctx, requestId, outcome.served),
    class: outcome.lastClass,
    className,
    riskAllocationBps: outcome.allocation,
    matchesReference,
  };
}
