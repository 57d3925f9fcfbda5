"use client";

import { useCallback, useSyncExternalStore } from "react";

/** The person's opt-in, kept in this browser: notifications are a per-device choice. */
const STORAGE_KEY = "countersign.browser-notifications";
const CHANGED = "countersign:browser-notifications";

export type BrowserAlertsState = "unsupported" | "denied" | "off" | "on";

function read(): BrowserAlertsState {
  if (typeof window === "undefined" || !("Notification" in window)) return "unsupported";
  if (Notification.permission === "denied") return "denied";
  return Notification.permission === "granted" && window.localStorage.getItem(STORAGE_KEY) === "on" ? "on" : "off";
}

function subscribe(onChange: () => void) {
  window.addEventListener(CHANGED, onChange);
  window.addEventListener("storage", onChange);
  return () => {
    window.removeEventListener(CHANGED, onChange);
    window.removeEventListener("storage", onChange);
  };
}

/**
 * Whether this browser shows a notification when a request starts waiting for the person, and the
 * switch: turning it on asks the browser's permission first (only ever from a click).
 */
export function useBrowserAlerts() {
  const state = useSyncExternalStore(subscribe, read, () => "unsupported" as const);
  const set = useCallback(async (on: boolean) => {
    if (on && (await Notification.requestPermission()) !== "granted") {
      window.dispatchEvent(new Event(CHANGED));
      return;
    }
    window.localStorage.setItem(STORAGE_KEY, on ? "on" : "off");
    window.dispatchEvent(new Event(CHANGED));
  }, []);
  return { state, set };
}
