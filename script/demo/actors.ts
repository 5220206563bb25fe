/**
 * The people and organisations of the demo, each an anvil dev account (public keys of a public mnemonic: never use
 * them on a real network). Account 0 deploys and account 1 is the treasury holding the supply, as
 * script/config/local.json says; account 2 owns the deploy's sample models and the demo's trained models.
 */
import { type Address, type Hex, toHex } from "viem";
import { mnemonicToAccount } from "viem/accounts";

/** anvil's default mnemonic. */
const ANVIL_MNEMONIC = "test test test test test test test test test test test junk";

export type Actor = { name: string; key: Hex; address: Address };

/** The dev account at `index` of anvil's mnemonic. */
export function devAccount(index: number, name: string): Actor {
  const account = mnemonicToAccount(ANVIL_MNEMONIC, { addressIndex: index });
  const key = account.getHdKey().privateKey;
  if (!key) throw new Error(`no private key for dev account ${index}`);
  return { name, key: toHex(key), address: account.address };
}

/** Who the contributors are: one per dataset file the generator writes (trainer/src/data/generate.ts). */
export const CONTRIBUTOR_FILES = [
  "credit-biased/alice.csv",
  "credit-biased/bob.csv",
  "credit-biased/carol.csv",
  "credit-biased/dave.csv",
  "prices/feed-a.csv",
  "prices/feed-b.csv",
  "prices/feed-c.csv",
  "interactions/shop-a.csv",
  "interactions/shop-b.csv",
  "interactions/shop-c.csv",
] as const;

const FIRST_CONTRIBUTOR = 14;

/** anvil must create this many accounts (`--accounts`). */
export const DEV_ACCOUNT_COUNT = FIRST_CONTRIBUTOR + CONTRIBUTOR_FILES.length;

export const actors = {
  deployer: devAccount(0, "deployer"),
  treasury: devAccount(1, "treasury"),
  modelOwner: devAccount(2, "model owner"),
  lender: devAccount(3, "lender"),
  applicant: devAccount(4, "applicant"),
  operatorA: devAccount(5, "operator A"),
  /** Runs node B, which the applicant names as its data node: the node holding the applicant's private data. */
  operatorB: devAccount(6, "operator B"),
  stakerA: devAccount(7, "staker A"),
  stakerB: devAccount(8, "staker B"),
  fundManager: devAccount(9, "fund manager"),
  feedOperator: devAccount(10, "feed operator"),
  shopper: devAccount(11, "shopper"),
  /** Plays the Chainlink VRF node: answers seed requests through the local VRF mock. */
  vrfNode: devAccount(12, "VRF node"),
  /** Plays the price feed's reporters on the local ETH/USD mock. */
  priceReporter: devAccount(13, "price reporter"),
} as const;

/** The contributor of a dataset file, named after it (`alice`, `feed-a`, `shop-b`…). */
export function contributorOf(file: (typeof CONTRIBUTOR_FILES)[number]): Actor {
  const index = CONTRIBUTOR_FILES.indexOf(file);
  const name = (file.split("/")[1] as string).replace(/\.csv$/, "");
  return devAccount(FIRST_CONTRIBUTOR + index, name);
}
