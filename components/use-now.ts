"use client";

import { useEffect, useState } from "react";

/**
 * The current time, refreshed every `intervalMs`, for relative times and countdowns. Starts at 0 on the
 * server render and the first client render (so hydration matches), then takes the real clock.
 */
export function useNow(intervalMs = 30_000): number {
  const [now, setNow] = useState(0);
  useEffect(() => {
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
