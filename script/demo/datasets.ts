/**
 * The synthetic datasets and their contributors: generates the files (seeded, so every run holds the same data) and
 * has each contributor register its file's commitment in the DataRegistry with consent to training, which is what
 * lets the trainer name it in a version's training-data root and the contributor claim a share of the fees.
 */
import { readFile, writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { dataRegistryAbi } from "@symbiote/sdk";
import { generateDatasets } from "@symbiote/trainer";
import { type Hex, parseEventLogs } from "viem";
import { type Actor, CONTRIBUTOR_FILES, contributorOf } from "./actors.ts";
import type { DemoChain } from "./chain.ts";
import { DemoError } from "./errors.ts";

/** The master seed and the historical bias written into `credit-biased/` (docs/training.md). */
export const DATASET_SEED = 1;
export const DATASET_BIAS = 0.6;

export type RegisteredContribution = {
  file: (typeof CONTRIBUTOR_FILES)[number];
  contributor: Actor;
  contributionId: bigint;
  commitment: Hex;
};

/** Writes every dataset under `dir`; returns each file's dataset commitment (keccak256 of its canonical bytes). */
export async function generateDemoDatasets(dir: string): Promise<Map<string, Hex>> {
  await generateDatasets({ out: dir, seed: DATASET_SEED, bias: DATASET_BIAS });
  const manifest = JSON.parse(await readFile(join(dir, "manifest.json"), "utf8")) as {
    files: { path: string; commitment: Hex }[];
  };
  return new Map(manifest.files.map((f) => [f.path, f.commitment]));
}

/**
 * Each contributor registers its file with consent to training for every model (and none to inference: the rows are
 * training data, not anyone's query). Writes `<folder>/ids.json`, the file-name → contribution-id map the trainer
 * takes (`--ids`), for each dataset folder.
 */
export async function registerContributions(
  chain: DemoChain,
  dataDir: string,
  commitments: Map<string, Hex>,
): Promise<RegisteredContribution[]> {
  const registered: RegisteredContribution[] = [];
  for (const file of CONTRIBUTOR_FILES) {
    const commitment = commitments.get(file);
    if (!commitment) throw new DemoError(`the dataset manifest in ${dataDir} does not list ${file}; regenerate it.`);
    const contributor = contributorOf(file);
    const receipt = await chain.send(
      contributor,
      {
        address: chain.deployment.dataRegistry,
        abi: dataRegistryAbi,
        functionName: "registerContribution",
        args: [
          commitment,
          `file://${join(dataDir, file)}`,
          { training: true, inference: false, allModels: true, modelIds: [] },
        ],
      },
      `registering ${file}`,
    );
    const [event] = parseEventLogs({ abi: dataRegistryAbi, eventName: "ContributionRegistered", logs: receipt.logs });
    if (!event) throw new DemoError(`registering ${file} emitted no ContributionRegistered event.`);
    registered.push({ file, contributor, contributionId: event.args.contributionId, commitment });
  }
  for (const folder of new Set(registered.map((r) => r.file.split("/")[0] as string))) {
    const ids = Object.fromEntries(
      registered
        .filter((r) => r.file.startsWith(`${folder}/`))
        .map((r) => [basename(r.file), r.contributionId.toString()]),
    );
    await writeFile(join(dataDir, folder, "ids.json"), `${JSON.stringify(ids, null, 2)}\n`);
  }
  return registered;
}
