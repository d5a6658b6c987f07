import { route } from "../middleware/route.ts";
import { amendRoundRoute } from "../routes/admin.ts";
import { okVersioned } from "../middleware/response.ts";
import { Unauthorized } from "../domain/errors.ts";
import { amendRound } from "../services/rounds.ts";

// An action on the round: 200 with the updated round. 409 when it would take a line below what is
// approved, 404 for an unknown round or a line the round does not have.
export const handler = route(amendRoundRoute, async (req) => {
  if (!req.actor) throw new Unauthorized("Send Authorization: Bearer <token>.");
  return okVersioned(await amendRound(req.actor, req.params.roundId, req.body));
});
