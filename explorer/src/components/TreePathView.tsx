import { describeStep, formatThreshold, type TreePathView as TreePath } from "../format/treePath.ts";

const STRUCTURE_NOTE: Record<TreePath["structure"], string> = {
  published:
    "The model card publishes the trees; their leaves on these paths are the proven ones, so each node's feature and threshold is the model's.",
  withheld:
    "The model keeps its trees private: the proof shows each tree's directions and the leaf it reached, not the features and thresholds.",
  mismatch: "The model card's trees are not the proven model, so their features and thresholds are not shown",
};

/**
 * A tree ensemble's proven decision: per tree the direction taken at every level (with the feature, from the model
 * card, and the threshold when the card publishes the trees) and the leaf value, then the scores and the label.
 */
export function TreePathView({ path }: { path: TreePath }) {
  const shown = path.trees.filter((tree) => !tree.padding);
  return (
    <div className="tree-path" data-testid="tree-path" data-structure={path.structure}>
      <p className="muted" data-testid="tree-path-note">
        {STRUCTURE_NOTE[path.structure]}
        {path.structure === "mismatch" ? `: ${path.mismatch}.` : ""}
      </p>
      <p data-testid="tree-path-outcome">
        label <strong>{path.label}</strong> · score{path.scores.length > 1 ? "s" : ""}{" "}
        {path.scores.map((s) => formatThreshold(s)).join(", ")}
      </p>
      <ol className="tree-list">
        {shown.map((tree) => (
          <li key={tree.tree} data-testid="tree" data-tree={tree.tree} data-leaf={tree.leaf}>
            <span className="tree-name">tree {tree.tree}</span>
            <ol className="tree-steps">
              {tree.steps.map((step) => (
                <li
                  key={step.level}
                  data-testid="tree-step"
                  data-direction={step.direction}
                  className={step.padding ? "muted" : undefined}
                >
                  {describeStep(step)}
                </li>
              ))}
            </ol>
            <span className="tree-leaf" data-testid="tree-leaf">
              leaf {tree.leaf}: {tree.leafValues.map((v) => formatThreshold(v)).join(", ")}
            </span>
          </li>
        ))}
      </ol>
    </div>
  );
}
