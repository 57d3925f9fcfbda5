import type { Ticket } from "@countersign/sdk";

/** Enough for a long agent session; the oldest request is forgotten first. */
const CAPACITY = 1_000;

/**
 * The requests this server made, by id. A grant is only worth anything verified against the exact
 * payload it approves, and only the process that sent the request holds that payload (the API
 * answers it masked), so get_decision prefers a ticket kept here to one resumed by id.
 */
export class TicketBook {
  readonly #tickets = new Map<string, Ticket>();

  add(ticket: Ticket): void {
    this.#tickets.delete(ticket.id);
    this.#tickets.set(ticket.id, ticket);
    if (this.#tickets.size > CAPACITY) this.#tickets.delete(this.#tickets.keys().next().value as string);
  }

  get(id: string): Ticket | undefined {
    return this.#tickets.get(id);
  }
}
