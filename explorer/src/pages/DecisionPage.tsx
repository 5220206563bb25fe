import type { ReactNode } from "react";
import { zeroAddress } from "viem";
import { modelLabel } from "../chain/cards.ts";
import { type DecisionView, loadDecision } from "../chain/decision.ts";
import { BadInputError } from "../chain/errors.ts";
import { Address, Facts, FlagBadge, Hash, StatusBadge } from "../components/Bits.tsx";
import { ExplanationChart } from "../components/ExplanationChart.tsx";
import { ModelCardView } from "../components/ModelCardView.tsx";
import { ErrorState, Loading } from "../components/States.tsx";
import { TreePathView } from "../components/TreePathView.tsx";
import { useExplorer } from "../explorerContext.ts";
import { fieldHex, formatDuration, formatSigned, formatTimestamp, formatToken } from "../format/format.ts";
import { hrefFor } from "../router.ts";
import { useChainData } from "../useChainData.ts";

/** While a request waits for its proof the page re-reads it this often. */
const PENDING_POLL_MS = 2000;

function parseRequestId(id: string): bigint {
  if (!/^\d{1,78}$/.test(id)) {
    throw new BadInputError(`“${id}” is not a request id; ids are whole numbers (1, 2, 3…) as in the requests list.`);
  }
  return BigInt(id);
}

/** What the proof is worth: a dev key lets anyone who ran (or reran) its setup forge any output. */
function TrustedSetup({ setup }: { setup: DecisionView["trustedSetup"] }) {
  if (!setup) {
    return (
      <span className="muted" data-testid="trusted-setup" data-kind="unknown">
        unknown: this circuit's keys are not in the explorer's circuits/manifest.json
      </span>
    );
  }
  if (setup.kind === "ceremony") {
    // a PLONK key owes nothing to the ceremony's participants: its soundness is the Powers of Tau's
    const source =
      setup.key === "ptau"
        ? "PLONK key derived from the ceremony's Powers of Tau"
        : `${setup.participants} participant${setup.participants === 1 ? "" : "s"}`;
    return (
      <span
        className={setup.publishedPtau ? "positive" : "negative"}
        data-testid="trusted-setup"
        data-kind="ceremony"
        data-key={setup.key}
      >
        ceremony: {source}, transcript <Hash value={`0x${setup.transcriptSha256}`} />
        {setup.publishedPtau
          ? null
          : "; its Powers of Tau is NOT a published file: whoever made it could forge this proof"}
      </span>
    );
  }
  return (
    <span className="negative" data-testid="trusted-setup" data-kind={setup.kind === "dev" ? "dev" : setup.label}>
      {setup.kind === "dev" ? "dev trusted setup" : `${setup.label} trusted setup`}: anyone who ran it could forge this
      proof
    </span>
  );
}

function Verification({ view }: { view: DecisionView }) {
  if (view.verified) {
    return (
      <section className="verification verified" data-testid="verification" data-verified="true">
        <h2>✓ Proof verified on chain</h2>
        <p>
          The coordinator verified a {view.trail.circuit.backend === "plonk" ? "PLONK" : "Groth16"} proof that model{" "}
          {view.trail.model.id.toString()} version {view.trail.model.version}, committed as below, produced exactly
          these outputs
          {view.trail.inputMode === "committed" ? " from the committed private input" : " from these inputs"}, bound to
          this request and operator.
        </p>
        <Facts
          rows={[
            ["transaction", <Hash key="tx" value={view.verified.transaction} testId="verifying-tx" />],
            [
              "block",
              <span key="block" data-testid="verifying-block">
                {view.verified.block.toString()} · {formatTimestamp(view.verified.timestamp)}
              </span>,
            ],
            ["latency", formatDuration(view.verified.latency)],
            ["proof hash", <Hash key="ph" value={view.trail.proofHash ?? ""} />],
            ["trusted setup", <TrustedSetup key="ts" setup={view.trustedSetup} />],
            [
              "on-chain record",
              view.verified.matchesRecord ? (
                <span key="r" className="positive" data-testid="record-match">
                  the logged decision hashes to the coordinator's stored record
                </span>
              ) : (
                <span key="r" className="negative" data-testid="record-match">
                  MISMATCH: the logged decision does not hash to the stored record — do not trust this page's outputs
                </span>
              ),
            ],
          ]}
        />
      </section>
    );
  }
  const text =
    view.status === "expired"
      ? "No proof: the request expired and was refunded."
      : view.status === "overdue"
        ? "No proof arrived before the deadline; anyone may now cancel it for a refund (cancelExpired)."
        : "Waiting for an operator's proof. This page updates by itself.";
  return (
    <section className="verification" data-testid="verification" data-verified="false">
      <h2>{view.status === "pending" ? "Awaiting proof" : "Not verified"}</h2>
      <p>{text}</p>
    </section>
  );
}

/** One decision: model and card, input, outputs and explanation, verification, operator, fee split, callback. */
export function DecisionPage({ id }: { id: string }) {
  const { explorer, cards } = useExplorer();
  const state = useChainData(
    () => loadDecision(explorer, cards, parseRequestId(id)),
    [explorer, cards, id],
    (view) => (view.status === "pending" ? PENDING_POLL_MS : undefined),
  );
  if (state.error) return <ErrorState error={state.error} />;
  const view = state.data;
  if (!view) return <Loading what={`request ${id}`} />;
  const { trail } = view;
  const request = trail.request;
  const modelName = modelLabel(trail.model.id, view.card);
  return (
    <article data-testid="decision" data-request-id={id}>
      <header className="page-header">
        <h1>Request #{id}</h1>
        <StatusBadge status={view.status} />
      </header>
      <Verification view={view} />
      {view.version.flagged ? (
        <section className="warning-box" data-testid="decision-flag">
          <FlagBadge reason={view.version.flagReasonURI} /> Governance has flagged this model version; reason:{" "}
          <Hash value={view.version.flagReasonURI} />. It takes no new requests; decisions already made stay on record.
        </section>
      ) : null}
      <section>
        <h2>Explanation</h2>
        {view.treePath ? (
          <TreePathView path={view.treePath} />
        ) : view.explanation ? (
          <ExplanationChart explanation={view.explanation} />
        ) : (
          <p className="muted">
            {view.verified
              ? "The outputs cannot be drawn: this circuit is not in the explorer's circuits/manifest.json."
              : "Outputs and explanation appear once the proof is verified."}
          </p>
        )}
      </section>
      <section className="columns">
        <div>
          <h2>Model</h2>
          <Facts
            testId="model-facts"
            rows={[
              [
                "model",
                <a key="m" href={hrefFor({ page: "models", id: trail.model.id.toString() })}>
                  <span data-testid="model-name">{modelName}</span> (#{trail.model.id.toString()})
                </a>,
              ],
              ["version", `v${trail.model.version} of ${view.model.versionCount}`],
              [
                "circuit",
                `${trail.circuit.manifestId} · ${trail.circuit.backend} · registry #${trail.circuit.registryId}`,
              ],
              ["weights commitment", <Hash key="w" value={fieldHex(trail.model.weightsCommitment)} />],
              ["training-data root", <Hash key="t" value={trail.model.trainingDataRoot} />],
              ["owner", <Address key="o" address={view.model.owner} />],
            ]}
          />
          <ModelCardView card={view.card} />
        </div>
        <div>
          <h2>Input</h2>
          <Facts
            rows={[
              ["input mode", trail.inputMode === "committed" ? "committed (private data)" : "public"],
              [
                "requester",
                <Address
                  key="r"
                  address={trail.requester}
                  to={{ page: "requests", filters: { requester: trail.requester } }}
                />,
              ],
              ...(trail.inputMode === "committed"
                ? ([
                    [
                      "data owner",
                      <Address key="d" address={request.dataOwner} to={{ page: "data", address: request.dataOwner }} />,
                    ],
                    [
                      "input commitment",
                      <Hash key="c" value={fieldHex(trail.inputWords[0] ?? 0n)} testId="input-commitment" />,
                    ],
                  ] as [string, ReactNode][])
                : []),
              ["requested", formatTimestamp(request.requestedAt)],
              ["deadline", formatTimestamp(request.deadline)],
            ]}
          />
          {view.publicInputs && view.publicInputs.length > 0 ? (
            <table className="compact" data-testid="public-inputs">
              <caption>Public inputs, as the proof took them (fixed point, shown as real numbers)</caption>
              <tbody>
                {view.publicInputs.map((input) => (
                  <tr key={input.label}>
                    <td>{input.label}</td>
                    <td className="num">{formatSigned(input.value)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          ) : null}
        </div>
      </section>
      <section className="columns">
        <div>
          <h2>Operator and payment</h2>
          <Facts
            testId="payment"
            rows={[
              [
                "operator",
                trail.operator ? (
                  <Address
                    key="op"
                    address={trail.operator}
                    to={{ page: "requests", filters: { operator: trail.operator } }}
                  />
                ) : view.expiry && view.expiry.operator !== zeroAddress ? (
                  <span key="op" data-testid="missed-by">
                    <Address address={view.expiry.operator} to={{ page: "operators" }} /> was due and missed its window
                  </span>
                ) : view.expiry ? (
                  <span key="op" data-testid="missed-by">
                    nobody answered for it (no seed early enough, or no operator had declared the version)
                  </span>
                ) : view.assignedOperator && view.assignedOperator !== zeroAddress ? (
                  <span key="op">
                    assigned: <Address address={view.assignedOperator} />
                  </span>
                ) : request.inputMode === 1 ? (
                  "the data owner's node"
                ) : (
                  `not drawn yet (waiting for round ${request.round}'s random seed, or no operator declared this version)`
                ),
              ],
              [
                "assignment",
                request.inputMode === 1 ? "committed input: the data owner's node" : `round ${request.round}`,
              ],
              ["model fee", formatToken(request.fee)],
              [
                "callback fee",
                request.callbackGasLimit === 0
                  ? "none"
                  : // gas-priced, so small: shown to the gwei, where the page's other amounts stop at four places
                    `${formatToken(request.callbackFee, { maxFraction: 9 })} (${request.callbackGasLimit.toLocaleString("en")} gas, to the operator)`,
              ],
              ...(view.feeSplit
                ? ([
                    ["→ operator", formatToken(view.feeSplit.operator)],
                    ["→ model owner", formatToken(view.feeSplit.modelOwner)],
                    ["→ data contributors", formatToken(view.feeSplit.data)],
                    ["→ stakers", formatToken(view.feeSplit.stakers)],
                    ["→ treasury", formatToken(view.feeSplit.treasury)],
                    [
                      "fees credited",
                      view.feeSplit.single
                        ? "settled alone: credited exactly these parts"
                        : view.feeSplit.groupMatches
                          ? `with ${view.feeSplit.groupCount ?? 1n} request(s) of this version in one credit; the parts add up`
                          : "the transaction's credit does not match its requests' parts",
                    ],
                  ] as [string, string][])
                : []),
              ...(view.expiry
                ? ([
                    ["refunded", formatToken(view.expiry.refund)],
                    ["operator slashed", `${formatToken(view.expiry.slashed)} (to the treasury)`],
                  ] as [string, string][])
                : []),
            ]}
          />
        </div>
        <div>
          <h2>Callback</h2>
          <p data-testid="callback" data-callback={view.callback}>
            {view.callback === "none"
              ? "The requester asked for no callback."
              : view.callback === "not yet"
                ? `Will call the requester with ${request.callbackGasLimit.toLocaleString("en")} gas once fulfilled.`
                : view.callback === "succeeded"
                  ? "The requester's onInferenceResult ran and succeeded."
                  : "The requester's onInferenceResult reverted or ran out of gas. The decision and payment stand."}
          </p>
          <h2>Outputs</h2>
          {trail.outputs ? (
            <ol className="outputs" start={0}>
              {trail.outputs.map((word, i) => (
                // output words are positional
                // biome-ignore lint/suspicious/noArrayIndexKey: the index is the word's identity
                <li key={i}>
                  <Hash value={fieldHex(word)} />
                </li>
              ))}
            </ol>
          ) : (
            <p className="muted">{view.status === "pending" ? "None yet." : "None: no proof was accepted."}</p>
          )}
        </div>
      </section>
    </article>
  );
}
