import { type Address, formatEther } from "viem";
import { readContract } from "viem/actions";
import { tokenAbi } from "../abis.ts";
import { InsufficientTokenBalanceError } from "../errors/actionable.ts";
import { protocolRead, type SigningClient, sendProtocolCall } from "./transaction.ts";

/**
 * Makes sure `spender` may take `amount` of the account's tokens: refuses at once, naming the shortfall, when the
 * account holds too few (rather than a revert deep in `transferFrom`), and approves `amount` when the allowance is
 * lower.
 */
export async function approveIfNeeded(
  client: SigningClient,
  options: { token: Address; spender: Address; amount: bigint; what: string },
): Promise<void> {
  const account = client.account.address;
  const [allowance, balance] = await protocolRead("read the token balance", () =>
    Promise.all([
      readContract(client, {
        address: options.token,
        abi: tokenAbi,
        functionName: "allowance",
        args: [account, options.spender],
      }),
      readContract(client, { address: options.token, abi: tokenAbi, functionName: "balanceOf", args: [account] }),
    ]),
  );
  if (balance < options.amount) {
    throw new InsufficientTokenBalanceError(
      `${options.what}: ${account} holds ${formatEther(balance)} SYM but this needs ${formatEther(options.amount)} SYM; get at least ${formatEther(options.amount - balance)} SYM more (on a devnet, \`npm run devnet\` prints how), or use a smaller amount.`,
    );
  }
  if (allowance >= options.amount) return;
  await sendProtocolCall(client, `approve for ${options.what}`, {
    address: options.token,
    abi: tokenAbi,
    functionName: "approve",
    args: [options.spender, options.amount],
  });
}
