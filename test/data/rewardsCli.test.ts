import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Anvil, startAnvil } from "@symbiote/devnet";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { trainClassifier, writeContributorDatasets } from "./helpers/contributors.ts";
import { trainerCli } from "./helpers/trainerCli.ts";

// anvil's first dev key: public knowledge, used only against local chains.
const KEY = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";

let dir: string;
let artifactPath: string;
let anvil: Anvil | undefined;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "symbiote-rewards-cli-"));
  await writeContributorDatasets(join(dir, "data"));
  artifactPath = join(dir, "credit.json");
  await trainClassifier(join(dir, "data"), artifactPath, { salt: 7n });
});

afterAll(async () => {
  await anvil?.stop();
  await rm(dir, { recursive: true, force: true });
});

/** The parts of an artifact the tests edit. */
type Editable = { quantized: { weights: string[] }; trainingData: { leaves: { weight: string }[] } };

/** The artifact with one change applied, written next to it. */
async function tampered(name: string, change: (artifact: Editable) => void): Promise<string> {
  const artifact = JSON.parse(await readFile(artifactPath, "utf8"));
  change(artifact);
  const path = join(dir, name);
  await writeFile(path, JSON.stringify(artifact));
  return path;
}

describe("trainer publish / claim / sweep refuse bad input before sending anything", () => {
  it("exits 2 with the usage when a required option is missing or malformed", async () => {
    const noArtifact = await trainerCli(["publish", "--metadata-uri", "ipfs://card", "--fee", "1"]);
    expect(noArtifact.code).toBe(2);
    expect(noArtifact.stderr).toMatch(/^error: --artifact is required: the model artifact/);
    expect(noArtifact.stderr).toContain("trainer publish --artifact");

    const badFee = await trainerCli(["publish", "--artifact", artifactPath, "--metadata-uri", "u", "--fee", "1e18"]);
    expect(badFee.code).toBe(2);
    expect(badFee.stderr).toMatch(/^error: --fee 1e18 is not valid: an amount of tokens/);

    const noFee = await trainerCli(["publish", "--artifact", artifactPath, "--metadata-uri", "u"]);
    expect(noFee.code).toBe(2);
    expect(noFee.stderr).toMatch(/^error: --fee is required to register a model/);

    const badId = await trainerCli(["claim", "--rewards", "x.json", "--contribution", "alice"]);
    expect(badId.code).toBe(2);
    expect(badId.stderr).toMatch(/^error: --contribution alice is not valid: a positive integer id/);

    const unknownOption = await trainerCli(["claim", "--reward", "x.json"]);
    expect(unknownOption.code).toBe(2);
  });

  it("exits 1 naming the variable to set when no signing key is in the environment", async () => {
    const args = ["publish", "--artifact", artifactPath, "--metadata-uri", "ipfs://card", "--fee", "1"];
    const missing = await trainerCli(args);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^error: no signing key: set PRIVATE_KEY to the signer's 0x-prefixed private key/);

    const otherVariable = await trainerCli([...args, "--key-env", "LENDER_KEY"]);
    expect(otherVariable.stderr).toMatch(/^error: no signing key: set LENDER_KEY/);

    const malformed = await trainerCli(args, { env: { PRIVATE_KEY: "0x1234" } });
    expect(malformed.code).toBe(1);
    expect(malformed.stderr).toMatch(/^error: PRIVATE_KEY does not hold a private key/);
    expect(malformed.stderr).not.toContain("0x1234");
  });

  it("exits 1 on an artifact whose weights or training data were edited after training", async () => {
    const weights = await tampered("weights.json", (a) => {
      a.quantized.weights[0] = String(BigInt(a.quantized.weights[0] as string) + 1n);
    });
    const editedWeights = await trainerCli(["publish", "--artifact", weights, "--metadata-uri", "u", "--fee", "1"], {
      env: { PRIVATE_KEY: KEY },
    });
    expect(editedWeights.code).toBe(1);
    expect(editedWeights.stderr).toMatch(/weights and salt do not open the artifact's weights commitment/);

    const leaf = await tampered("leaf.json", (a) => {
      const first = a.trainingData.leaves[0] as { weight: string };
      first.weight = String(BigInt(first.weight) * 2n);
    });
    const editedLeaf = await trainerCli(["publish", "--artifact", leaf, "--metadata-uri", "u", "--fee", "1"], {
      env: { PRIVATE_KEY: KEY },
    });
    expect(editedLeaf.code).toBe(1);
    expect(editedLeaf.stderr).toMatch(/training-data leaves do not rebuild the artifact's Merkle root/);

    const notAnArtifact = await trainerCli([
      "publish",
      "--artifact",
      join(dir, "data", "alice.csv"),
      "--metadata-uri",
      "u",
      "--fee",
      "1",
    ]);
    expect(notAnArtifact.code).toBe(1);
    expect(notAnArtifact.stderr).toMatch(/cannot be read as JSON; pass the file written by `trainer train`/);
  });

  it("exits 1 on a file that is not a rewards file", async () => {
    const result = await trainerCli(["claim", "--rewards", artifactPath, "--contribution", "1"], {
      env: { PRIVATE_KEY: KEY },
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /is not a symbiote\.training-rewards version 1 file; pass the file `trainer publish` wrote/,
    );
    expect(result.stderr).toContain("format:");
  });

  it("exits 1 when the RPC is unreachable, or serves another chain than the deployment file", async () => {
    const args = ["publish", "--artifact", artifactPath, "--metadata-uri", "ipfs://card", "--fee", "1"];
    const down = await trainerCli([...args, "--rpc", "http://127.0.0.1:9"], { env: { PRIVATE_KEY: KEY } });
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(
      /^error: cannot reach the RPC endpoint http:\/\/127\.0\.0\.1:9; start the node or pass --rpc/,
    );

    anvil = await startAnvil(["--chain-id", "1337"]);
    const deployment = join(dir, "deployment-31337.json");
    await writeFile(deployment, JSON.stringify({ chainId: 31337, contracts: {} }));
    const wrong = await trainerCli([...args, "--rpc", anvil.url, "--deployment", deployment], {
      env: { PRIVATE_KEY: KEY },
    });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain(
      `the RPC endpoint ${anvil.url} serves chain 1337, but the deployment ${deployment} is on chain 31337`,
    );

    const missing = await trainerCli([...args, "--rpc", anvil.url], { cwd: dir, env: { PRIVATE_KEY: KEY } });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/cannot read the deployment file deployments\/1337\.json; deploy first/);
  });
});
