/**
 * The Chainlink VRF node's part on a local chain: answers every seed request of EpochRandomness through the VRF
 * v2.5 coordinator mock, so each assignment round gets its seed and the round's public-input requests their drawn
 * operator.
 */

import { randomnessAbi } from "@symbiote/sdk";
import { parseAbi } from "viem";
import type { Actor } from "./actors.ts";
import type { DemoChain } from "./chain.ts";
import type { LocalDeployment } from "./deploymentFile.ts";

const vrfMockAbi = parseAbi(["function fulfillRandomWords(uint256 requestId, address consumer)"]);

export type VrfResponder = { answered: () => number; stop: () => Promise<void> };

/**
 * Polls for `SeedRequested` every `intervalMs` and fulfills each request once, from `sender`.
 *
 * @example const vrf = startVrfResponder(chain, local, actors.deployer); … await vrf.stop();
 */
export function startVrfResponder(
  chain: DemoChain,
  local: LocalDeployment,
  sender: Actor,
  intervalMs = 500,
): VrfResponder {
  let fromBlock = local.deployment.startBlock;
  let answered = 0;
  let running = true;
  const done = new Set<bigint>();
  /** True once the round has its seed (answered now, or earlier by someone else). */
  const answer = async (round: bigint, vrfRequestId: bigint): Promise<boolean> => {
    try {
      await chain.send(
        sender,
        {
          address: local.vrfCoordinator,
          abi: vrfMockAbi,
          functionName: "fulfillRandomWords",
          args: [vrfRequestId, local.epochRandomness],
        },
        `answering the seed request of round ${round}`,
      );
      answered++;
      return true;
    } catch {
      const seed = await chain.read<bigint>({
        address: local.epochRandomness,
        abi: randomnessAbi,
        functionName: "seedOf",
        args: [round],
      });
      return seed !== 0n;
    }
  };
  const loop = (async () => {
    while (running) {
      try {
        const head = await chain.publicClient.getBlockNumber();
        const events = await chain.publicClient.getContractEvents({
          address: local.epochRandomness,
          abi: randomnessAbi,
          eventName: "SeedRequested",
          fromBlock,
          toBlock: head,
          strict: true,
        });
        let all = true;
        for (const event of events) {
          if (done.has(event.args.vrfRequestId)) continue;
          if (await answer(event.args.round, event.args.vrfRequestId)) done.add(event.args.vrfRequestId);
          else all = false;
        }
        // a request that could not be answered yet is looked at again on the next round
        if (all) fromBlock = head + 1n;
      } catch {
        // the chain is stopping, or a request was answered meanwhile: look again on the next round
      }
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  })();
  return {
    answered: () => answered,
    stop: async () => {
      running = false;
      await loop;
    },
  };
}
