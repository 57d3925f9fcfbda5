/** The diff model the request page renders: pure data, built from a request's `change`. */

export type ChangeFormat = "text" | "json" | "yaml" | "sql" | "hcl" | "unified" | "terraform-plan";

/** A run of a line's text; `changed` marks the words that differ from the paired line on the other side. */
export type Segment = { text: string; changed: boolean };

export type DiffLine = {
  kind: "context" | "add" | "del";
  /** Line number in the old file (null for added lines). */
  oldNumber: number | null;
  /** Line number in the new file (null for deleted lines). */
  newNumber: number | null;
  text: string;
  /** Intra-line highlights, present only when a deleted line is paired with an added one. */
  segments?: Segment[];
  /** The file ends on this line without a trailing newline (`\ No newline at end of file`). */
  noNewlineAtEnd?: boolean;
};

/** One row of the side-by-side view: the old line on the left, the new one on the right (either may be empty). */
export type SplitRow = { left: DiffLine | null; right: DiffLine | null };

export type DiffHunk = {
  /** `@@ -oldStart,oldLines +newStart,newLines @@` plus any section heading the patch carried. */
  header: string;
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  /** For the unified view, in patch order. */
  lines: DiffLine[];
  /** For the side-by-side view: deletions aligned with the additions that replace them. */
  rows: SplitRow[];
};

export type FileStatus = "added" | "deleted" | "modified" | "renamed";

export type FileDiff = {
  oldName: string | null;
  newName: string | null;
  /** What to show as the file's title. */
  displayName: string;
  status: FileStatus;
  hunks: DiffHunk[];
  additions: number;
  deletions: number;
};

export type TerraformAction = "create" | "update" | "delete" | "replace" | "read" | "no-op";

export type AttributeChange = {
  /** Dotted path, e.g. `tags.Name` or `ingress[0].cidr_blocks[1]`. */
  path: string;
  /** Rendered value, or null when the attribute is absent on that side. */
  before: string | null;
  after: string | null;
  /** Terraform will only know the new value after apply. */
  unknownAfter?: boolean;
  /** Terraform marks this attribute sensitive; its values are not shown. */
  sensitive?: boolean;
  /** Changing this attribute forces the resource to be replaced. */
  forcesReplacement?: boolean;
  /**
   * Both sides are strings holding a JSON document (an IAM policy, a manifest, a JSON column): the
   * changes inside it, path by path, so the one that matters is not hidden in an escaped string.
   */
  document?: AttributeChange[];
};

export type ResourceChange = {
  address: string;
  type: string | null;
  action: TerraformAction;
  /** Terraform's raw action list, e.g. `["delete","create"]`. */
  actions: string[];
  /** Attribute-level changes, for updates and replacements. */
  attributes: AttributeChange[];
  /** A delete or a replacement: something that exists now will be destroyed. */
  destructive: boolean;
  /** Terraform marks some of its values sensitive (they are never shown). */
  sensitive: boolean;
};

export type TerraformPlanSummary = {
  terraformVersion: string | null;
  counts: Record<"create" | "update" | "delete" | "replace", number>;
  /** How many resources are destroyed or replaced, and how many carry sensitive values. */
  flags: { destructive: number; sensitive: number };
  /** Resources that change (no-ops and reads left out). */
  resources: ResourceChange[];
  /** Output values that change. */
  outputs: { name: string; action: TerraformAction; before: string | null; after: string | null }[];
};

export type ChangeModel =
  | {
      kind: "diff";
      format: ChangeFormat;
      files: FileDiff[];
      additions: number;
      deletions: number;
      note?: string;
      /** JSON values that are strings holding documents, diffed as documents (json format only). */
      documents?: AttributeChange[];
    }
  | { kind: "terraform-plan"; format: "terraform-plan"; plan: TerraformPlanSummary }
  /** Shown verbatim (pretty-printed when JSON) because it could not be turned into a diff or plan. */
  | { kind: "raw"; format: ChangeFormat | "unknown"; text: string; language: "json" | "text"; note: string };
