/**
 * Child process of the job store crash test: drives jobs through the state machine as fast as it can, so the parent
 * can `kill -9` it at an arbitrary point. Usage: tsx jobChurn.ts <db> <blocks> [jobsPerBlock]
 * Each block b holds request ids (b-1)*jobsPerBlock+1 … b*jobsPerBlock.
 */
import { JobStore } from "../../../oracle/src/jobs/jobStore.ts";
import type { JobState } from "../../../oracle/src/jobs/states.ts";

const [path, blocksArg, perBlockArg] = process.argv.slice(2);
if (!path || !blocksArg) throw new Error("usage: jobChurn.ts <db> <blocks> [jobsPerBlock]");
const blocks = BigInt(blocksArg);
const perBlock = BigInt(perBlockArg ?? "5");
const store = new JobStore(path);
store.recoverAfterCrash();

const hash = (n: bigint) => `0x${n.toString(16).padStart(64, "0")}` as const;
const NEXT: Partial<Record<JobState, JobState>> = {
  seen: "assigned",
  assigned: "proving",
  proving: "proved",
  proved: "submitted",
  submitted: "confirmed",
};

let announced = false;
for (;;) {
  const cursor = store.cursor()?.block ?? 0n;
  if (cursor < blocks) {
    const block = cursor + 1n;
    const jobs = [];
    for (let i = 1n; i <= perBlock; i++) {
      const requestId = (block - 1n) * perBlock + i;
      jobs.push({
        requestId,
        request: JSON.stringify({ requestId: requestId.toString() }),
        blockNumber: block,
        blockHash: hash(block),
        logIndex: Number(i),
        deadline: 1_000_000n,
      });
    }
    store.recordRange(jobs, { block, blockHash: hash(block) });
  }
  const open = store.list(["seen", "assigned", "proving", "proved", "submitted"], 50);
  if (open.length === 0 && cursor >= blocks) break;
  for (const job of open) {
    const to = NEXT[job.state] as JobState;
    const fields =
      to === "proved"
        ? { proof: JSON.stringify({ outputs: ["1"], proof: "0x01" }) }
        : to === "submitted"
          ? { txHash: hash(job.requestId), txNonce: Number(job.requestId), rawTx: "0x02" as const }
          : {};
    store.transition(job.requestId, [job.state], to, fields);
  }
  if (!announced) {
    process.stdout.write("churning\n");
    announced = true;
  }
}
store.close();
process.stdout.write("done\n");
