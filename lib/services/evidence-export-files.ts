import "server-only";
import path from "node:path";
import { getConfig } from "@/lib/config";

/** Where a background export's file lives: named by the job's id only, under EVIDENCE_EXPORT_DIR. */
export const evidenceExportPath = (id: string) => path.resolve(getConfig().evidenceExports.dir, `${id}.zip`);
