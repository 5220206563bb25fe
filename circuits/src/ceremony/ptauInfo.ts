import { closeSync, openSync, readSync } from "node:fs";
import { CeremonyError } from "./errors.ts";

/**
 * The power of a .ptau file, from its header section (snarkjs binary format: "ptau", version, section count, then
 * sections of type + 64-bit size; section 1 holds n8, the prime q, the power and the ceremony power).
 */
export function ptauPower(path: string): number {
  const fd = openSync(path, "r");
  try {
    const head = Buffer.alloc(12);
    readSync(fd, head, 0, 12, 0);
    if (head.toString("ascii", 0, 4) !== "ptau") {
      throw new CeremonyError(`${path} is not a Powers of Tau file (no "ptau" magic); give a .ptau file.`);
    }
    const sectionCount = head.readUInt32LE(8);
    let offset = 12;
    for (let i = 0; i < sectionCount; i++) {
      const section = Buffer.alloc(12);
      readSync(fd, section, 0, 12, offset);
      const type = section.readUInt32LE(0);
      const size = Number(section.readBigUInt64LE(4));
      if (type === 1) {
        const header = Buffer.alloc(size);
        readSync(fd, header, 0, size, offset + 12);
        const n8 = header.readUInt32LE(0);
        return header.readUInt32LE(4 + n8);
      }
      offset += 12 + size;
    }
  } finally {
    closeSync(fd);
  }
  throw new CeremonyError(`${path} has no header section; it is not a complete Powers of Tau file.`);
}
