/**
 * A prover process: runs the reference inference and the proof for one task at a time, so the node's event loop stays
 * free for the watcher and the submitter. Loaded circuits are cached per zkey hash. It is a child process rather than
 * a worker thread because snarkjs runs its own thread pool (the web-worker package), which only works from a
 * process's main thread.
 */

import type { Manifest } from "@symbiote/circuits";
import { CircuitProver, formatGroth16Calldata, formatPlonkCalldata } from "@symbiote/circuits";
import { BaseError } from "@symbiote/sdk";
import { concatHex, type Hex, numberToHex } from "viem";
import { servedCircuitCall } from "./circuitCall.ts";
import type { WorkerReply } from "./protocol.ts";
import { decodeTask } from "./protocol.ts";

const provers = new Map<string, Promise<CircuitProver>>();

function proverFor(task: ReturnType<typeof decodeTask>): Promise<CircuitProver> {
  const { circuit, storeDir } = task;
  const key = circuit.artifacts.zkey.sha256;
  let prover = provers.get(key);
  if (!prover) {
    const blob = <T extends { sha256: string }>(ref: T) => ({ ...ref, path: `blobs/${ref.sha256}` });
    // a one-circuit manifest whose artifacts point into the content-addressed store; readArtifact re-hashes each
    const manifest = {
      circuits: [
        {
          id: circuit.manifestId,
          backends: [
            {
              ...circuit.artifacts,
              wasm: blob(circuit.artifacts.wasm),
              zkey: blob(circuit.artifacts.zkey),
              vkey: blob(circuit.artifacts.vkey),
            },
          ],
        },
      ],
    } as unknown as Manifest;
    prover = CircuitProver.load(circuit.manifestId, circuit.backend, { manifest, root: storeDir });
    prover.catch(() => provers.delete(key));
    provers.set(key, prover);
  }
  return prover;
}

async function run(raw: unknown): Promise<WorkerReply> {
  const task = decodeTask(raw);
  const started = performance.now();
  // a resilience test holds the job in `proving` here, with this process busy, to kill the node mid-proof
  if (task.delayMs) await new Promise((wake) => setTimeout(wake, task.delayMs));
  const prover = await proverFor(task);
  const call = servedCircuitCall(task.served, task.circuit, task.inputs, task.context);
  const result = await prover.prove(call);
  if (!(await prover.verify(result, result.publicSignals))) {
    throw new Error(
      `the proof for request ${task.requestId} does not verify locally; the circuit artifacts are damaged`,
    );
  }
  const words =
    result.backend === "groth16"
      ? (() => {
          const c = formatGroth16Calldata(result.proof, result.publicSignals);
          return [...c.a, ...c.b.flat(), ...c.c];
        })()
      : formatPlonkCalldata(result.proof, result.publicSignals).proof;
  const proof: Hex = concatHex(words.map((w) => numberToHex(w, { size: 32 })));
  return {
    ok: true,
    id: task.id,
    publicSignals: result.publicSignals.map(String),
    proof,
    witnessMs: result.witnessMs,
    proofMs: result.proofMs,
    totalMs: performance.now() - started,
  };
}

const send = (reply: WorkerReply) => process.send?.(reply);

// the node went away (even by kill -9): nothing left to prove for
process.on("disconnect", () => process.exit(0));
process.on("message", (message: { id: number }) => {
  run(message).then(send, (error: unknown) =>
    send({
      ok: false,
      id: message.id,
      fatal: error instanceof BaseError ? error.name !== "RetryableError" : true,
      message: error instanceof Error ? error.message : String(error),
    }),
  );
});
