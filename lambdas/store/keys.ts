// Key builders for every entity in the single table. One place, so the layout is readable at a glance:
//
// entity        pk                        sk                      gsi1 (pk / sk)                gsi2 (pk / sk)              gsi3 (pk / sk)
// application   APP#<id>                  APP                     OWNER#<sub> / <createdAt>#<id> QUEUE / <dueAt>#<id> (sparse) APPS / <updatedAt>#<id>
// round         ROUND#<roundId>           ROUND                   -                              -                           ROUNDS / <effectiveFrom>#<id>
// round line    ROUND#<roundId>           LINE#<region>#<cat>     -                              -                           -
// round index   ROUNDS                    INDEX                   (version lock for overlap checks)
// document ptr DOC#<documentId>            DOC                     (-> applicationId, for auditors' document links)
// licence       LIC#<number>              LIC                     HOLDER#<sub> / <issuedAt>      ACTIVE / <expiresAt> (sparse) LICENCES / <number>
// licence seq   LICSEQ#<CAT>#<year>       LICSEQ                  (gap-free counter)
// audit event   AUDIT                     EVT#<seq 12 digits>
// audit head    AUDIT                     HEAD
// idempotency   IDEM#<route>#<sub>#<key>  IDEM                    (ttl)
// firm member   FIRM#<firm>               MEMBER#<sub>            (an account applied for the company)
// holding       HOLD#<round>#<region>#<cat>#<firm>  HOLD          (heldKw: the company's MW on a line)
// history       APP#<id>                  HIST#<at>#<n>           (one application history entry)
// info request  APP#<id>                  INFO#<requestedAt>#<requestId>

export const pad = (n: number, width = 12): string => String(n).padStart(width, "0");

export const keys = {
  application: (id: string) => ({ pk: `APP#${id}`, sk: "APP" }),
  documentPointer: (documentId: string) => ({ pk: `DOC#${documentId}`, sk: "DOC" }),
  round: (roundId: string) => ({ pk: `ROUND#${roundId}`, sk: "ROUND" }),
  roundLine: (roundId: string, region: string, category: string) => ({ pk: `ROUND#${roundId}`, sk: `LINE#${region}#${category}` }),
  roundIndex: () => ({ pk: "ROUNDS", sk: "INDEX" }),
  licence: (number: string) => ({ pk: `LIC#${number}`, sk: "LIC" }),
  licenceSequence: (code: string, year: number) => ({ pk: `LICSEQ#${code}#${year}`, sk: "LICSEQ" }),
  auditEvent: (seq: number) => ({ pk: "AUDIT", sk: `EVT#${pad(seq)}` }),
  auditHead: () => ({ pk: "AUDIT", sk: "HEAD" }),
  idempotency: (routeId: string, sub: string, key: string) => ({ pk: `IDEM#${routeId}#${sub}#${key}`, sk: "IDEM" }),
  firmMember: (firm: string, sub: string) => ({ pk: `FIRM#${firm}`, sk: `MEMBER#${sub}` }),
  holding: (h: { roundId: string; region: string; category: string; firm: string }) => ({ pk: `HOLD#${h.roundId}#${h.region}#${h.category}#${h.firm}`, sk: "HOLD" }),
};

/** Strips key attributes so stored items come back as plain records. */
export function stripKeys<T extends Record<string, unknown>>(item: T): Omit<T, "pk" | "sk" | "gsi1pk" | "gsi1sk" | "gsi2pk" | "gsi2sk" | "gsi3pk" | "gsi3sk" | "ttl"> {
  const { pk: _pk, sk: _sk, gsi1pk: _a, gsi1sk: _b, gsi2pk: _c, gsi2sk: _d, gsi3pk: _e, gsi3sk: _f, ttl: _t, ...rest } = item as Record<string, unknown>;
  return rest as never;
}
