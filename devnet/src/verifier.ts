/**
 * A snarkjs Solidity verifier compiled with the project's solc-js and deployed on the devnet (gas and proof checks
 * against the real contract).
 */
import { createRequire } from "node:module";
import { type Abi, createPublicClient, createWalletClient, type Hex, http } from "viem";
import { privateKeyToAccount } from "viem/accounts";
import { foundry } from "viem/chains";

const require = createRequire(import.meta.url);

/** Compiles one self-contained Solidity file (a snarkjs verifier) with the project's solc-js. */
export function compileVerifier(source: string, contract: string): { abi: Abi; bytecode: Hex } {
  const solc = require("solc") as { compile(input: string): string };
  const output = JSON.parse(
    solc.compile(
      JSON.stringify({
        language: "Solidity",
        sources: { "Verifier.sol": { content: source } },
        settings: {
          optimizer: { enabled: true, runs: 200 },
          outputSelection: { "*": { "*": ["abi", "evm.bytecode"] } },
        },
      }),
    ),
  ) as {
    errors?: { severity: string; formattedMessage: string }[];
    contracts: Record<string, Record<string, { abi: Abi; evm: { bytecode: { object: string } } }>>;
  };
  const errors = (output.errors ?? []).filter((e) => e.severity === "error");
  if (errors.length > 0) throw new Error(errors.map((e) => e.formattedMessage).join("\n"));
  const compiled = output.contracts["Verifier.sol"]?.[contract];
  if (!compiled) throw new Error(`no contract ${contract} in the verifier source`);
  return { abi: compiled.abi, bytecode: `0x${compiled.evm.bytecode.object}` };
}

/** Deploys a compiled contract on a local chain from `key` and returns its address. */
export async function deploy(url: string, key: Hex, compiled: { abi: Abi; bytecode: Hex }): Promise<Hex> {
  const wallet = createWalletClient({ chain: foundry, transport: http(url), account: privateKeyToAccount(key) });
  const client = createPublicClient({ chain: foundry, transport: http(url) });
  const hash = await wallet.deployContract({ abi: compiled.abi, bytecode: compiled.bytecode });
  const receipt = await client.waitForTransactionReceipt({ hash });
  if (!receipt.contractAddress) throw new Error("the verifier deployment created no contract");
  return receipt.contractAddress;
}
