"use client";

import { SECONDARY_BUTTON } from "./control-styles";
import { useBrowserAlerts } from "./use-browser-alerts";

const EXPLAIN: Record<string, string> = {
  unsupported: "This browser cannot show notifications.",
  denied: "Notifications are blocked for this site in your browser's settings; allow them there to turn this on.",
  off: "Off. Turn on to get a notification from your browser when a request starts waiting for your decision while the console is open.",
  on: "On in this browser: you get a notification when a request starts waiting for your decision while the console is open.",
};

/** The opt-in for browser notifications, on the account page. */
export function BrowserAlertsToggle() {
  const { state, set } = useBrowserAlerts();
  return (
    <div className="space-y-2">
      <p className="text-gray-700">{EXPLAIN[state]}</p>
      {(state === "off" || state === "on") && (
        <button type="button" className={SECONDARY_BUTTON} onClick={() => void set(state === "off")}>
          {state === "off" ? "Turn on browser notifications" : "Turn off browser notifications"}
        </button>
      )}
    </div>
  );
}
