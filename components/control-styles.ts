/** The console's form controls, styled in one place so every field and button looks and behaves alike. */

/** Text inputs, date inputs and (with `resize-y`) textareas. */
export const TEXT_FIELD =
  "mt-1 block w-full rounded-md border border-gray-300 bg-white px-2.5 py-1.5 text-[13px] shadow-xs placeholder:text-gray-400 focus:border-accent-500 focus:outline-none focus:ring-2 focus:ring-accent-200";

/** The one main action of a form. */
export const PRIMARY_BUTTON =
  "rounded-md border border-accent-700 bg-accent-600 px-3 py-1.5 text-[13px] font-semibold text-white shadow-xs hover:bg-accent-700 disabled:cursor-not-allowed disabled:border-gray-300 disabled:bg-gray-100 disabled:text-gray-500";

/** Everything else a person can press. */
export const SECONDARY_BUTTON =
  "rounded-md border border-gray-300 bg-white px-3 py-1.5 text-[13px] font-medium text-gray-800 shadow-xs hover:bg-gray-50 disabled:cursor-not-allowed disabled:bg-gray-100 disabled:text-gray-500";

/** An action that cannot be undone or stops work for others (revoking, freezing). */
export const DANGER_BUTTON =
  "rounded-md border border-red-700 bg-red-600 px-3 py-1.5 text-[13px] font-semibold text-white shadow-xs hover:bg-red-700 disabled:cursor-not-allowed disabled:opacity-60";
