import { denseAttribution, denseBakedCircuitCall, type IntDenseModel } from "@symbiote/circuits";
import { decodePublicSignals, packFeatures } from "@symbiote/sdk";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { findCircuit, loadManifest } from "../../circuits/src/manifest.ts";
import { inferClassifier } from "../../circuits/src/models/classifier.ts";
import { inferMlp } from "../../circuits/src/models/mlp.ts";
import { inferRecommender } from "../../circuits/src/models/recommender.ts";
import { randomClassifier, randomMlp, randomRecommender, SeededRandom } from "../../circuits/src/randomModels.ts";
import { denseSignalLayout } from "../../compiler/src/circuit/denseSignals.ts";
import { withAttributionSignals } from "../../compiler/src/compile/plan.ts";
import { ExplanationChart } from "../../explorer/src/components/ExplanationChart.tsx";
import { barScale, CHART, orderBars, SignedBarChart } from "../../explorer/src/components/SignedBarChart.tsx";
import { type Bar, explanationOf } from "../../explorer/src/format/explanation.ts";

const big = (row: number[]) => row.map(BigInt);

type DrawnBar = { label: string; sign: string; value: number; x: number; width: number; text: string };

/** The bars of a rendered chart, in drawing order, read back from the SVG markup. */
function drawnBars(html: string): DrawnBar[] {
  const pattern =
    /<g class="bar bar-(positive|negative)[^"]*" data-label="([^"]*)" data-value="([^"]*)">.*?<rect x="([^"]+)" y="[^"]+" width="([^"]+)".*?<text class="bar-value"[^>]*>([^<]*)<\/text><\/g>/g;
  return [...html.matchAll(pattern)].map((m) => ({
    sign: m[1] as string,
    label: m[2] as string,
    value: Number(m[3]),
    x: Number(m[4]),
    width: Number(m[5]),
    text: m[6] as string,
  }));
}

function zeroAxis(html: string): number {
  return Number(/<line class="axis" x1="([^"]+)"/.exec(html)?.[1]);
}

const income: Bar = { label: "income", value: 0.5, raw: 1n };
const debt: Bar = { label: "debt ratio", value: -1.5, raw: -3n };
const age: Bar = { label: "age", value: 0.25, raw: 1n };
const bars = [income, debt, age];

describe("SignedBarChart", () => {
  it("draws positive bars right of the zero axis and negative ones left, lengths proportional to the values", () => {
    const html = renderToStaticMarkup(<SignedBarChart bars={bars} title="contributions" width={640} />);
    const drawn = drawnBars(html);
    const zero = zeroAxis(html);
    expect(drawn.map((b) => b.label)).toEqual(["debt ratio", "income", "age"]);
    const [d, i, a] = drawn as [DrawnBar, DrawnBar, DrawnBar];
    expect(d.sign).toBe("negative");
    expect(d.x + d.width).toBeCloseTo(zero, 6);
    expect(i.sign).toBe("positive");
    expect(i.x).toBeCloseTo(zero, 6);
    expect(d.width / i.width).toBeCloseTo(3, 6);
    expect(i.width / a.width).toBeCloseTo(2, 6);
    // the domain is [-1.5, 0.5]: the negative bar spans from the label column, the positive one to the value column
    expect(d.x).toBeCloseTo(CHART.labelWidth + CHART.padding, 6);
    expect(i.x + i.width).toBeCloseTo(640 - CHART.valueWidth - CHART.padding, 6);
    expect(d.text).toBe("\u22121.5000");
    expect(i.text).toBe("+0.5000");
    expect(html).toContain('aria-label="contributions"');
    expect(html).toContain("<title>debt ratio: \u22121.5000</title>");
  });

  it("keeps the given order when asked and marks highlighted bars", () => {
    const html = renderToStaticMarkup(
      <SignedBarChart bars={[{ ...income, highlight: true }, debt, age]} title="logits" order="none" />,
    );
    expect(drawnBars(html).map((b) => b.label)).toEqual(["income", "debt ratio", "age"]);
    expect(html).toContain('class="bar bar-positive bar-highlight" data-label="income"');
  });

  it("puts the axis in the middle of a chart of zeros instead of dividing by zero", () => {
    const zeros = [
      { label: "a", value: 0, raw: 0n },
      { label: "b", value: 0, raw: 0n },
    ];
    const html = renderToStaticMarkup(<SignedBarChart bars={zeros} title="zeros" width={640} />);
    const left = CHART.labelWidth + CHART.padding;
    const right = 640 - CHART.valueWidth - CHART.padding;
    expect(zeroAxis(html)).toBeCloseTo((left + right) / 2, 6);
    expect(drawnBars(html).every((b) => b.width === 0 && Number.isFinite(b.x))).toBe(true);
  });

  it("says so when there is nothing to draw", () => {
    const html = renderToStaticMarkup(<SignedBarChart bars={[]} title="empty" />);
    expect(html).toContain("Nothing to draw");
    expect(html).not.toContain("<svg");
  });

  it("scales an all-positive chart from zero, and orders by magnitude with ties kept in place", () => {
    const scale = barScale([2, 4], 100, 300);
    expect(scale.zero).toBe(100);
    expect(scale.x(4)).toBe(300);
    expect(scale.x(2)).toBe(200);
    const tied = orderBars(
      [
        { label: "x", value: -1, raw: 0n },
        { label: "y", value: 1, raw: 0n },
        { label: "z", value: 2, raw: 0n },
      ],
      "magnitude",
    );
    expect(tied.map((b) => b.label)).toEqual(["z", "x", "y"]);
  });
});

describe("explanation charts from real circuit outputs", () => {
  const manifest = loadManifest();
  const rng = new SeededRandom(2026n);

  it("classifier: one bar per feature, each w·x exactly, with the score and the decision", () => {
    const circuit = findCircuit(manifest, "classifier16-public");
    const model = randomClassifier(rng, 16);
    const features = rng.vector(16);
    const out = inferClassifier(model, features);
    const signals = [...out.explanationWords, ...packFeatures(features), 123n, 456n];
    const decoded = decodePublicSignals(circuit.publicSignals, signals);
    const explanation = explanationOf(circuit.publicSignals, decoded);
    if (explanation?.kind !== "contributions") throw new Error(`expected contributions, got ${explanation?.kind}`);
    expect(explanation.bars).toHaveLength(16);
    explanation.bars.forEach((bar, i) => {
      expect(bar.label).toBe(`feature ${i}`);
      expect(bar.raw).toBe(out.contributions[i]);
      expect(bar.value).toBe(Number(out.contributions[i]) / 2 ** 32);
    });
    expect(explanation.score).toBe(Number(out.score) / 2 ** 32);
    expect(explanation.decision).toBe(out.decision);

    const html = renderToStaticMarkup(<ExplanationChart explanation={explanation} />);
    expect(html).toContain('data-testid="contribution-chart"');
    expect(html).toContain(out.decision ? "approve" : "deny");
    const drawn = drawnBars(html);
    expect(drawn).toHaveLength(16);
    // drawn largest effect first, each bar on the side of its sign
    const magnitudes = drawn.map((b) => Math.abs(b.value));
    expect(magnitudes).toEqual([...magnitudes].sort((a, b) => b - a));
    for (const b of drawn) expect(b.sign).toBe(b.value < 0 ? "negative" : "positive");
  });

  it("MLP: the logits in class order with the predicted class highlighted", () => {
    const circuit = findCircuit(manifest, "mlp16x32x4-public");
    const model = randomMlp(rng, 16, 32, 4);
    const features = rng.vector(16);
    const out = inferMlp(model, features);
    const signals = [...out.logitWords, BigInt(out.argmax), ...packFeatures(features), 1n, 2n];
    const explanation = explanationOf(circuit.publicSignals, decodePublicSignals(circuit.publicSignals, signals));
    if (explanation?.kind !== "logits") throw new Error(`expected logits, got ${explanation?.kind}`);
    expect(explanation.predictedClass).toBe(out.argmax);
    expect(explanation.bars.map((b) => b.raw)).toEqual(out.logits);
    expect(explanation.bars.filter((b) => b.highlight).map((b) => b.label)).toEqual([`class ${out.argmax}`]);
    const html = renderToStaticMarkup(<ExplanationChart explanation={explanation} />);
    expect(drawnBars(html).map((b) => b.label)).toEqual(["class 0", "class 1", "class 2", "class 3"]);
  });

  it("a compiled MLP with a proven attribution: the logits, then each feature's gradient x input by name", () => {
    const widths = [3, 4, 2];
    const model: IntDenseModel = {
      inputs: 3,
      layers: [
        {
          weights: [
            [900, -400, 200],
            [-300, 800, 100],
            [500, 500, -700],
            [100, -200, 300],
          ].map(big),
          bias: [0n, 0n, 0n, 0n],
          relu: true,
        },
        {
          weights: [
            [700, -300, 400, 100],
            [-500, 600, 200, -100],
          ].map(big),
          bias: [0n, 0n],
          relu: false,
        },
      ],
    };
    const features = [65_536n, -2n * 65_536n, 3n * 65_536n];
    const layout = withAttributionSignals(denseSignalLayout(widths, "committed"), widths);
    const call = denseBakedCircuitCall(
      "committed",
      model,
      features,
      { binding: 1n, weightsSalt: 2n, inputSalt: 3n },
      {
        attribution: true,
      },
    );
    const decoded = decodePublicSignals(layout, call.publicSignals);
    const explanation = explanationOf(layout, decoded, ["income", "debt", "age"]);
    if (explanation?.kind !== "logits") throw new Error(`expected logits, got ${explanation?.kind}`);
    const expected = denseAttribution(model, features);
    expect(expected.some((a) => a !== 0n)).toBe(true);
    expect(explanation.attribution?.map((b) => [b.label, b.raw])).toEqual([
      ["income", expected[0]],
      ["debt", expected[1]],
      ["age", expected[2]],
    ]);
    // scale 2^(16 + 10 x 2)
    expect(explanation.attribution?.[0]?.value).toBe(Number(expected[0]) / 2 ** 36);
    const html = renderToStaticMarkup(<ExplanationChart explanation={explanation} />);
    expect(html).toContain('data-testid="attribution-chart"');
    expect(html).toContain(`Why class ${call.output.argmax}`);
    expect(drawnBars(html).map((b) => b.label)).toEqual(
      expect.arrayContaining(["class 0", "class 1", "income", "debt", "age"]),
    );
  });

  it("recommender: the top-k items best first with their scores", () => {
    const circuit = findCircuit(manifest, "recommender16x32-public");
    const model = randomRecommender(rng, 16, 32);
    const user = rng.vector(16);
    const out = inferRecommender(model, user, 3);
    const signals = [out.topKWord, ...packFeatures(user), 1n, 2n];
    const explanation = explanationOf(circuit.publicSignals, decodePublicSignals(circuit.publicSignals, signals));
    if (explanation?.kind !== "topk") throw new Error(`expected top-k, got ${explanation?.kind}`);
    expect(explanation.bars.map((b) => b.label)).toEqual(out.top.map((t, r) => `#${r + 1} item ${t.index}`));
    expect(explanation.bars.map((b) => b.raw)).toEqual(out.top.map((t) => t.score));
  });

  it("draws nothing for outputs it does not know", () => {
    expect(explanationOf([], { something: 1n })).toBeUndefined();
  });
});
