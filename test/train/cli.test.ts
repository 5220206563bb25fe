import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readArtifact } from "../../trainer/src/train/artifact.ts";

const REPO = join(import.meta.dirname, "..", "..");
const CLI = join(REPO, "trainer", "src", "cli", "trainer.ts");
// The child runs in a temporary folder, so the TypeScript loader is named by path rather than resolved from cwd.
const TSX_LOADER = pathToFileURL(join(REPO, "node_modules", "tsx", "dist", "loader.mjs")).href;
let root: string;

/** Runs the trainer CLI in a child process, as `npm run train` would. */
function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", TSX_LOADER, CLI, ...args], { cwd: root });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), "symbiote-cli-"));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe("trainer CLI", () => {
  it("`datasets` then `train` writes a valid artifact and its model card, with progress output", async () => {
    const datasets = await run(["datasets", "--out", "data", "--seed", "1"]);
    expect(datasets.code).toBe(0);
    expect(datasets.stdout).toContain("credit/alice.csv: 700 rows");
    expect((await stat(join(root, "data", "manifest.json"))).isFile()).toBe(true);

    const trained = await run([
      "train",
      "--family",
      "classifier",
      "--data",
      "data/credit",
      "--sensitive",
      "group",
      "--out",
      "artifacts/credit-v1.json",
      "--publisher",
      "0x90f79bf6eb2c4f870365e785982e1f101e93b906",
    ]);
    expect(trained.stderr).toBe("");
    expect(trained.code).toBe(0);
    expect(trained.stdout).toMatch(/classifier: test accuracy 0\.\d+, demographic-parity difference 0\.\d+/);
    expect(trained.stdout).toMatch(/contribution 4 \(dave\.csv\): shapley -?0\.\d+, weight 0/);

    const artifact = await readArtifact(join(root, "artifacts", "credit-v1.json"));
    expect(artifact.family).toBe("classifier");
    expect(artifact.name).toBe("credit-v1");
    expect(artifact.trainingData.leaves).toHaveLength(4);
    // the owner's address, recorded checksummed: operators serve the weights only for a model it owns
    expect(artifact.publisher).toBe("0x90F79bf6EB2c4f870365E785982E1f101E93b906");
    const card = JSON.parse(await readFile(join(root, "artifacts", "credit-v1.card.json"), "utf8"));
    expect(card.trainingData.merkleRoot).toBe(artifact.trainingData.merkleRoot);
  });

  it("exits 1 with the typed error's message when the data is bad", async () => {
    await writeFile(join(root, "data", "credit", "erin.csv"), "income_k,label\n1,0\n");
    const result = await run(["train", "--family", "classifier", "--data", "data/credit", "--out", "bad.json"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: data\/credit\/erin\.csv:1: its header differs from the other contributions/);
    await expect(stat(join(root, "bad.json"))).rejects.toThrow(/ENOENT/);
    await rm(join(root, "data", "credit", "erin.csv"));
  });

  it("exits 2 with the usage on a missing or malformed option", async () => {
    const noFamily = await run(["train", "--data", "data/credit", "--out", "x.json"]);
    expect(noFamily.code).toBe(2);
    expect(noFamily.stderr).toMatch(/--family must be one of classifier, mlp, recommender/);
    expect(noFamily.stderr).toContain("Usage:");

    const badFraction = await run([
      "train",
      "--family",
      "mlp",
      "--data",
      "data/prices",
      "--out",
      "x.json",
      "--test-fraction",
      "1.5",
    ]);
    expect(badFraction.code).toBe(2);
    expect(badFraction.stderr).toMatch(/--test-fraction 1.5 is not valid: a fraction strictly between 0 and 1/);

    const unknown = await run(["train", "--family", "mlp", "--speed", "fast"]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/Unknown option '--speed'/);

    const badPublisher = await run([
      "train",
      "--family",
      "mlp",
      "--data",
      "data/prices",
      "--out",
      "x.json",
      "--publisher",
      "the-owner",
    ]);
    expect(badPublisher.code).toBe(2);
    expect(badPublisher.stderr).toMatch(/--publisher the-owner is not valid: the address that will publish the model/);

    const badBias = await run(["datasets", "--bias", "two"]);
    expect(badBias.code).toBe(2);
    expect(badBias.stderr).toMatch(/--bias two is not valid/);

    const command = await run(["deploy"]);
    expect(command.code).toBe(2);
    expect(command.stderr).toMatch(
      /unknown command "deploy"; use datasets, train, contribute, consent, publish, claim/,
    );
  });
});
