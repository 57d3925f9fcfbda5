export { buildChangeModel, type ChangeModelOptions } from "./change-model";
export { diffTexts, fileFromStructured, hunkFromStructured } from "./line-diff";
export { compactJson, isPlainObject, prettyJson, tryParseJson } from "./pretty-json";
export { classifyActions, summarizeTerraformPlan } from "./terraform-plan";
export type * from "./types";
