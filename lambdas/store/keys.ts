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
// return        LIC#<number>              RET#<period>            -                              SUPQ / <filedAt>#... (FILED)  RETURNS / <period>#<number>
// return entry  LIC#<number>              RET#<period>#H#<0001>   (one history entry: a filing whole, or a review)
// incident      LIC#<number>              INC#<reportedAt>#<id>
// extension     LIC#<number>              EXT                     -                              SUPQ / <requestedAt>#... (PENDING)
// exit report   LIC#<number>              EXIT                    -                              SUPQ / <reportedAt>#... (REPORTED)
// case          CASE#<caseId>             CASE                    LICCASES#<number> / <openedAt>#<id> SUPQ / <openedAt>#... (OPEN) CASES / <openedAt>#<id>
// case marker   LIC#<number>              CASEKIND#<kind>         (the last case of a kind: `repeat`, one writer at a time)

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
  licenceReturn: (number: string, period: string) => ({ pk: `LIC#${number}`, sk: `RET#${period}` }),
  returnHistory: (number: string, period: string, n: number) => ({ pk: `LIC#${number}`, sk: `RET#${period}#H#${pad(n, 4)}` }),
  incident: (number: string, reportedAt: string, id: string) => ({ pk: `LIC#${number}`, sk: `INC#${reportedAt}#${id}` }),
  extension: (number: string) => ({ pk: `LIC#${number}`, sk: "EXT" }),
  exitReport: (number: string) => ({ pk: `LIC#${number}`, sk: "EXIT" }),
  complianceCase: (caseId: string) => ({ pk: `CASE#${caseId}`, sk: "CASE" }),
  caseMarker: (number: string, kind: string) => ({ pk: `LIC#${number}`, sk: `CASEKIND#${kind}` }),
};

/** Strips key attributes so stored items come back as plain records. */
export function stripKeys<T extends Record<string, unknown>>(item: T): Omit<T, "pk" | "sk" | "gsi1pk" | "gsi1sk" | "gsi2pk" | "gsi2sk" | "gsi3pk" | "gsi3sk" | "ttl"> {
  const { pk: _pk, sk: _sk, gsi1pk: _a, gsi1sk: _b, gsi2pk: _c, gsi2sk: _d, gsi3pk: _e, gsi3sk: _f, ttl: _t, ...rest } = item as Record<string, unknown>;
  return rest as never;
}
