/**
 * `npm run deploy:local`: deploys the protocol to an already running anvil (it starts nothing) at $RPC_URL
 * (default http://127.0.0.1:8545) with $PRIVATE_KEY (default anvil's first key); see @symbiote/devnet's deployLocal.
 */
import { deployLocal } from "@symbiote/devnet";

deployLocal({
  rpcUrl: process.env.RPC_URL ?? "http://127.0.0.1:8545",
  ...(process.env.PRIVATE_KEY ? { privateKey: process.env.PRIVATE_KEY } : {}),
}).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
