/**
 * @symbiote/trainer: training and quantising models, the contributors' datasets, data valuation and reward files,
 * publishing a model (its artifact, card and serving circuits) to the registry, and the trainer CLI.
 */

export * from "./data/claim.ts";
export * from "./data/credit.ts";
export * from "./data/csv.ts";
export * from "./data/generate.ts";
export * from "./data/prices.ts";
export * from "./data/prng.ts";
export * from "./data/publish.ts";
export * from "./data/rewardErrors.ts";
export * from "./data/servingCircuits.ts";
export * from "./train/artifact.ts";
export * from "./train/recommender.ts";
export * from "./train/train.ts";
