import type { Manifest } from "@symbiote/circuits";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import manifestJson from "../../circuits/manifest.json";
import { App } from "./App.tsx";
import "./styles.css";

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element");
createRoot(root).render(
  <StrictMode>
    <App manifest={manifestJson as unknown as Manifest} />
  </StrictMode>,
);
