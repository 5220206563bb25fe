import { fetchModelCard } from "../chain/modelCard.ts";
import { useExplorer } from "../explorerContext.ts";
import { useChainData } from "../useChainData.ts";
import { Facts } from "./Bits.tsx";

/** A version's model card: its content when the URI can be fetched, otherwise the URI and why not. */
export function ModelCardView({ uri }: { uri: string }) {
  const { explorer } = useExplorer();
  const { data } = useChainData(() => fetchModelCard(uri, explorer.ipfsGateway), [uri, explorer.ipfsGateway]);
  return (
    <div className="model-card" data-testid="model-card">
      <p>
        Model card: <code className="hash">{uri || "(none)"}</code>
      </p>
      {data?.card ? (
        <Facts
          rows={[
            ["name", data.card.name],
            ["description", data.card.description],
            ["intended use", data.card.intendedUse],
            ["out of scope", data.card.outOfScopeUse],
            ["training rows", data.card.trainingData.rows.toLocaleString("en")],
            ["fairness", data.card.fairness.mitigation],
            ["limitations", data.card.limitations.join(" · ")],
          ]}
        />
      ) : data?.unavailable ? (
        <p className="muted">Card content not shown: {data.unavailable}.</p>
      ) : null}
    </div>
  );
}
