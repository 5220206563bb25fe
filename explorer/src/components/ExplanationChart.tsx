import type { Explanation } from "../format/explanation.ts";
import { formatSigned } from "../format/format.ts";
import { SignedBarChart } from "./SignedBarChart.tsx";

/** The explanation of a decision as a chart, with the one-line summary that goes with it. */
export function ExplanationChart({ explanation }: { explanation: Explanation }) {
  switch (explanation.kind) {
    case "contributions":
      return (
        <div data-testid="explanation">
          <p className="summary" data-testid="explanation-summary">
            Score <strong>{formatSigned(explanation.score)}</strong> →{" "}
            <strong className={explanation.decision ? "positive" : "negative"}>
              {explanation.decision ? "approve" : "deny"}
            </strong>
            . Each bar is one feature's contribution w·x to the score (bias not shown); the proof covers every one.
          </p>
          <SignedBarChart
            bars={explanation.bars}
            title="Feature contributions to the score"
            testId="contribution-chart"
          />
        </div>
      );
    case "logits":
      return (
        <div data-testid="explanation">
          <p className="summary" data-testid="explanation-summary">
            Predicted class <strong>{explanation.predictedClass}</strong> (the largest logit, highlighted).
          </p>
          <SignedBarChart bars={explanation.bars} title="Output logits" order="none" testId="logit-chart" />
          {explanation.attribution && (
            <>
              <p className="summary" data-testid="attribution-summary">
                Why class {explanation.predictedClass}: each bar is one feature's gradient × input of that class's logit
                (through the active ReLUs); the proof covers every one.
              </p>
              <SignedBarChart
                bars={explanation.attribution}
                title="Feature attribution (gradient × input)"
                testId="attribution-chart"
              />
            </>
          )}
        </div>
      );
    case "topk":
      return (
        <div data-testid="explanation">
          <p className="summary" data-testid="explanation-summary">
            The top {explanation.bars.length} items, best first, with their proven scores.
          </p>
          <SignedBarChart bars={explanation.bars} title="Top-k item scores" order="none" testId="topk-chart" />
        </div>
      );
  }
}
