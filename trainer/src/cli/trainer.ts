import { parseArgs } from "node:util";
import { terminateProvers } from "@symbiote/circuits";
import { SymbioteError } from "@symbiote/sdk";
import { type Address, isAddress } from "viem";
import { generateDatasets } from "../data/generate.ts";
import { UsageError } from "../train/errors.ts";
import { FAMILIES, type Family, train } from "../train/train.ts";
import { DEFAULT_PERMUTATIONS } from "../train/valuation.ts";
import { AUDIT_USAGE, auditCommand } from "./auditCommand.ts";
import { claimCommand, consentCommand, contributeCommand, publishCommand, sweepCommand } from "./rewardCommands.ts";
import { CONNECTION_USAGE } from "./trainerConnection.ts";

const USAGE = `Usage:
  trainer datasets [--out data] [--seed 1] [--bias 0.6]
      Writes the seeded synthetic datasets: credit/, credit-biased/, prices/, interactions/ and manifest.json.
  trainer train --family classifier|mlp|recommender --data <folder> --out <artifact.json>
                [--label label] [--sensitive <column>] [--positive-class <n>] [--fairness none|reweigh]
                [--test-fraction 0.25] [--seed 1] [--permutations ${DEFAULT_PERMUTATIONS}] [--ids <ids.json>]
                [--salt <decimal>] [--name <model name>] [--intended-use <text>] [--publisher <address>]
      Trains on one CSV per contribution, values contributions, quantizes, commits, and writes the artifact
      plus its public model card (<artifact>.card.json). --publisher: the address that will publish it (the
      model owner's); operators handed the artifact serve it only for that owner's model (\`publish\` records
      its signer when the artifact names none).
  trainer contribute --data <file.csv> --metadata-uri <uri> [--consent training,inference] [--models all|1,2]
                     [--ids <ids.json>] CONNECTION
      Registers the dataset's commitment as a contribution of the signer, with its consent; --ids records the
      new id for \`train --ids\`.
  trainer consent --contribution <id> (--revoke | --consent training,inference [--models all|1,2]) CONNECTION
      Replaces or revokes a contribution's consent for versions published from now on.
  trainer publish --artifact <artifact.json> [--metadata-uri <model card URI>] [--fee <tokens>] [--model <id>]
                  [--modes public,committed] [--proof-system groth16|plonk] [--rewards-out <file>]
                  [--model-store <operator's model store folder>] CONNECTION
      Registers a model (--fee required) or a new version of model --model, with the training-data root and the
      model card's ipfs:// content address (or --metadata-uri), and writes the contributors' rewards file (default
      <artifact>.rewards.json).
  trainer claim --rewards <file.rewards.json> --contribution <id> [--no-flush] CONNECTION
      Claims a contribution's rewards for the version, paid to its owner.
  trainer sweep --rewards <file.rewards.json> [--contribution <id>] [--no-flush] CONNECTION
      Sends the shares of leaves without training consent at publication to the treasury.

${AUDIT_USAGE}

  CONNECTION: ${CONNECTION_USAGE}
      The signer's private key is read from the environment variable (never from the command line).`;

/** Parses a number option, refusing anything that is not one. */
function numberOption(
  name: string,
  raw: string | undefined,
  fallback: number,
  check: (n: number) => boolean,
  rule: string,
): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (raw.trim() === "" || !Number.isFinite(value) || !check(value)) {
    throw new UsageError(`--${name} ${raw} is not valid: ${rule}.`);
  }
  return value;
}

async function datasetsCommand(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: { out: { type: "string", default: "data" }, seed: { type: "string" }, bias: { type: "string" } },
    strict: true,
  });
  const seed = numberOption(
    "seed",
    values.seed,
    1,
    (n) => Number.isInteger(n) && n >= 0 && n <= 0xffffffff,
    "an integer from 0 to 4294967295",
  );
  const bias = numberOption("bias", values.bias, 0.6, (n) => n >= 0 && n <= 1, "a probability from 0 to 1");
  const out = values.out as string;
  console.log(`generating datasets into ${out} (seed ${seed}, bias ${bias})`);
  const files = await generateDatasets({
    out,
    seed,
    bias,
    onFile: (path, rows) => console.log(`  ${path}: ${rows} rows`),
  });
  console.log(`wrote ${files.length} files and ${out}/manifest.json`);
}

async function trainCommand(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      family: { type: "string" },
      data: { type: "string" },
      out: { type: "string" },
      label: { type: "string", default: "label" },
      sensitive: { type: "string" },
      "positive-class": { type: "string" },
      fairness: { type: "string", default: "none" },
      "test-fraction": { type: "string" },
      seed: { type: "string" },
      permutations: { type: "string" },
      ids: { type: "string" },
      salt: { type: "string" },
      name: { type: "string" },
      "intended-use": { type: "string" },
      publisher: { type: "string" },
    },
    strict: true,
  });
  if (values.publisher !== undefined && !isAddress(values.publisher, { strict: false })) {
    throw new UsageError(
      `--publisher ${values.publisher} is not valid: the address that will publish the model (its owner's), 0x and 40 hex digits.`,
    );
  }
  const family = values.family as Family | undefined;
  if (family === undefined || !FAMILIES.includes(family)) {
    throw new UsageError(
      `--family must be one of ${FAMILIES.join(", ")}${family === undefined ? "" : ` (got ${family})`}.`,
    );
  }
  if (values.data === undefined) throw new UsageError("--data is required: the folder with one CSV per contribution.");
  if (values.out === undefined) throw new UsageError("--out is required: where to write the model artifact (.json).");
  const fairness = values.fairness;
  if (fairness !== "none" && fairness !== "reweigh") {
    throw new UsageError(`--fairness must be none or reweigh (got ${fairness}).`);
  }
  if (values.salt !== undefined && !/^\d+$/.test(values.salt)) {
    throw new UsageError(`--salt ${values.salt} is not valid: a decimal field element.`);
  }
  const classes = family === "classifier" ? 2 : 4;
  const positiveClass =
    values["positive-class"] === undefined
      ? undefined
      : numberOption(
          "positive-class",
          values["positive-class"],
          0,
          (n) => Number.isInteger(n) && n >= 0 && n < classes,
          `a class from 0 to ${classes - 1}`,
        );

  const started = performance.now();
  const { artifact } = await train({
    family,
    data: values.data,
    out: values.out,
    name: values.name,
    label: values.label as string,
    sensitive: values.sensitive,
    positiveClass,
    fairness,
    testFraction: numberOption(
      "test-fraction",
      values["test-fraction"],
      0.25,
      (n) => n > 0 && n < 1,
      "a fraction strictly between 0 and 1",
    ),
    seed: numberOption(
      "seed",
      values.seed,
      1,
      (n) => Number.isInteger(n) && n >= 0 && n <= 0xffffffff,
      "an integer from 0 to 4294967295",
    ),
    permutations: numberOption(
      "permutations",
      values.permutations,
      DEFAULT_PERMUTATIONS,
      (n) => Number.isInteger(n) && n >= 1,
      "a positive integer",
    ),
    ids: values.ids,
    salt: values.salt === undefined ? undefined : BigInt(values.salt),
    intendedUse: values["intended-use"],
    publisher: values.publisher as Address | undefined,
    onProgress: (message) => console.log(`  ${message}`),
  });
  console.log(
    `trained ${artifact.family} "${artifact.name}" in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  for (const c of artifact.contributions) {
    console.log(
      `  contribution ${c.contributionId} (${c.file}): shapley ${c.shapleyValue.toFixed(4)}, weight ${c.weight}`,
    );
  }
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (command === "datasets") return datasetsCommand(rest);
  if (command === "train") return trainCommand(rest);
  if (command === "contribute") return contributeCommand(rest);
  if (command === "consent") return consentCommand(rest);
  if (command === "publish") return publishCommand(rest);
  if (command === "claim") return claimCommand(rest);
  if (command === "sweep") return sweepCommand(rest);
  if (command === "audit") return auditCommand(rest);
  if (command === undefined || command === "--help" || command === "help") {
    console.log(USAGE);
    if (command === undefined) process.exitCode = 2;
    return;
  }
  throw new UsageError(
    `unknown command "${command}"; use datasets, train, contribute, consent, publish, claim, sweep or audit.`,
  );
}

main(process.argv.slice(2))
  .catch((error: unknown) => {
    if (error instanceof UsageError) {
      console.error(`error: ${error.message}\n\n${USAGE}`);
      process.exitCode = 2;
    } else if (error instanceof SymbioteError) {
      console.error(`error: ${error.message}`);
      process.exitCode = 1;
    } else if (error instanceof TypeError && (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      // node:util parseArgs reports unknown or malformed options this way.
      console.error(`error: ${error.message}\n\n${USAGE}`);
      process.exitCode = 2;
    } else {
      console.error(error);
      process.exitCode = 1;
    }
  })
  // snarkjs keeps curve worker threads alive after a proof (`audit`): stop them so the process can exit
  .finally(() => terminateProvers());
