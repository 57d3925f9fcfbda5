import "server-only";
import { sql } from "drizzle-orm";
import { getDb, type Database } from "@/db/client";

const TIMEOUT_MS = 2000;

/** True when the database answers `select 1` within two seconds. */
export async function checkDatabaseHealth(db: Database = getDb()): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("timeout")), TIMEOUT_MS);
  });
  try {
    await Promise.race([db.execute(sql`select 1`), timeout]);
    return true;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
