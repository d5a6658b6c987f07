import { describe, expect, it } from "vitest";
import { Organisation } from "../../../lambdas/schemas/application.ts";
import { ApiError } from "../api/client.ts";
import { fromError, fromIssues } from "./errors.ts";

describe("form errors", () => {
  it("calls a missing value required, and keeps the schema's words for a wrong one", () => {
    const input = { legalName: "X", contactEmail: undefined, taxNumber: "" };
    const result = Organisation.safeParse(input);
    const errors = fromIssues(result.error!.issues, ["organisation"], input);
    expect(errors.fields["organisation.contactEmail"]).toBe("required");
    expect(errors.fields["organisation.address"]).toBe("required");
    expect(errors.fields["organisation.taxNumber"]).toBe("required");
    const wrong = { ...input, contactEmail: "nope" };
    expect(fromIssues(Organisation.safeParse(wrong).error!.issues, [], wrong).fields.contactEmail).toBe("not a valid e-mail address");
  });

  it("keeps the problem's paths, detail and title", () => {
    const errors = fromError(
      new ApiError(400, { status: 400, title: "The request is not valid", detail: "Fix these", errors: [{ path: "energy.requestedMw", message: "at most 5000" }, { path: "", message: "send at least one section" }] }),
    );
    expect(errors).toEqual({ title: "The request is not valid", fields: { "energy.requestedMw": "at most 5000" }, page: ["Fix these", "send at least one section"] });
  });
});
