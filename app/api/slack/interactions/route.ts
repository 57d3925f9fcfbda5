import { after } from "next/server";
import { methodsNotAllowed } from "@/lib/http/api-fallbacks";
import { slackInteractionsRoute } from "@/lib/http/slack-interactions";

/** Slack's interactivity request URL: signed by Slack, acknowledged at once, worked on after the response. */
export const POST = slackInteractionsRoute((task) => after(task));

export const { GET, PUT, PATCH, DELETE, OPTIONS } = methodsNotAllowed("POST");
