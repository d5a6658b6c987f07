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
// audit event   EVT#<entityType>#<entityId> <n 12 digits>  gsi4: PENDING#<shard> / <at>#<eventId> (sparse: only while unsequenced)
//               (n = the entity's own event count: the n-th event of that entity; its key is what orders the entity's events)
// log head      LOG                       HEAD                    (size, root, frontier, the latest signed checkpoint)
// log tile      TILE#<level>#<index 12>   TILE                    (up to 256 node hashes of one tile, C2SP tlog-tiles style)
// checkpoint    CHECKPOINTS               CP#<treeSize 12 digits> (archived by the audit-checkpoint job)
// idempotency   IDEM#<route>#<sub>#<key>  IDEM                    (ttl)
// return        LIC#<number>              RET#<period>            -                              SUPQ / <filedAt>#... (FILED)  RETURNS / <period>#<number>
// return entry  LIC#<number>              RET#<period>#H#<0001>   (one history entry: a filing whole, or a review)
// incident      LIC#<number>              INC#<reportedAt>#<id>
// extension     LIC#<number>              EXT                     -                              SUPQ / <requestedAt>#... (PENDING)
// exit report   LIC#<number>              EXIT                    -                              SUPQ / <reportedAt>#... (REPORTED)
// case          CASE#<caseId>             CASE                    LICCASES#<number> / <openedAt>#<id> SUPQ / <openedAt>#... (OPEN) CASES / <openedAt>#<id>
// case marker   LIC#<number>              CASEKIND#<kind>         (the last case of a kind: `repeat`, one writer at a time)
// meter reading LIC#<number>             MTR#<period>            -                              USAGE#<roundId> / <region>#<cat>#<period>#<number>  METER_READINGS / <period>#<number>
// reading entry LIC#<number>             MTRH#<period>#<0001>    (one replaced value of a corrected reading)
// firm member   FIRM#<firm>               MEMBER#<sub>            (an account applied for the company)
// holding       HOLD#<round>#<region>#<cat>#<firm>  HOLD          (heldKw: the company's MW on a line)
// history       APP#<id>                  HIST#<at>#<n>           (one application history entry)
// info request  APP#<id>                  INFO#<requestedAt>#<requestId>
// curtailment   CURT#<id>                 CURT                    -                              -                           CURTAILMENTS / <startsAt>#<id>
// curt. target  CURT#<id>                 TGT#<licenceNumber>     LICCURT#<number> / <startsAt>#<id>  (one targeted licence: ack, answer, outcome)

export const pad = (n: number, width = 12): string => String(n).padStart(width, "0");

export const auditEntityPk = (entityType: string, entityId: string): string => `EVT#${entityType}#${entityId}`;

export const keys = {
  application: (id: string) => ({ pk: `APP#${id}`, sk: "APP" }),
  documentPointer: (documentId: string) => ({ pk: `DOC#${documentId}`, sk: "DOC" }),
  round: (roundId: string) => ({ pk: `ROUND#${roundId}`, sk: "ROUND" }),
  roundLine: (roundId: string, region: string, category: string) => ({ pk: `ROUND#${roundId}`, sk: `LINE#${region}#${category}` }),
  roundIndex: () => ({ pk: "ROUNDS", sk: "INDEX" }),
  licence: (number: string) => ({ pk: `LIC#${number}`, sk: "LIC" }),
  licenceSequence: (code: string, year: number) => ({ pk: `LICSEQ#${code}#${year}`, sk: "LICSEQ" }),
  /** The n-th event (1, 2, ...) of one entity; every event of the entity lives in that one partition. */
  auditEvent: (entityType: string, entityId: string, n: number) => ({ pk: auditEntityPk(entityType, entityId), sk: pad(n) }),
  logHead: () => ({ pk: "LOG", sk: "HEAD" }),
  logTile: (level: number, index: number) => ({ pk: `TILE#${level}#${pad(index)}`, sk: "TILE" }),
  archivedCheckpoint: (treeSize: number) => ({ pk: "CHECKPOINTS", sk: `CP#${pad(treeSize)}` }),
  idempotency: (routeId: string, sub: string, key: string) => ({ pk: `IDEM#${routeId}#${sub}#${key}`, sk: "IDEM" }),
  licenceReturn: (number: string, period: string) => ({ pk: `LIC#${number}`, sk: `RET#${period}` }),
  returnHistory: (number: string, period: string, n: number) => ({ pk: `LIC#${number}`, sk: `RET#${period}#H#${pad(n, 4)}` }),
  incident: (number: string, reportedAt: string, id: string) => ({ pk: `LIC#${number}`, sk: `INC#${reportedAt}#${id}` }),
  extension: (number: string) => ({ pk: `LIC#${number}`, sk: "EXT" }),
  exitReport: (number: string) => ({ pk: `LIC#${number}`, sk: "EXIT" }),
  complianceCase: (caseId: string) => ({ pk: `CASE#${caseId}`, sk: "CASE" }),
  caseMarker: (number: string, kind: string) => ({ pk: `LIC#${number}`, sk: `CASEKIND#${kind}` }),
  meterReading: (number: string, period: string) => ({ pk: `LIC#${number}`, sk: `MTR#${period}` }),
  meterReadingHistory: (number: string, period: string, n: number) => ({ pk: `LIC#${number}`, sk: `MTRH#${period}#${pad(n, 4)}` }),
  firmMember: (firm: string, sub: string) => ({ pk: `FIRM#${firm}`, sk: `MEMBER#${sub}` }),
  holding: (h: { roundId: string; region: string; category: string; firm: string }) => ({ pk: `HOLD#${h.roundId}#${h.region}#${h.category}#${h.firm}`, sk: "HOLD" }),
  curtailment: (id: string) => ({ pk: `CURT#${id}`, sk: "CURT" }),
  curtailmentTarget: (id: string, licenceNumber: string) => ({ pk: `CURT#${id}`, sk: `TGT#${licenceNumber}` }),
};

/** Strips key attributes so stored items come back as plain records. */
export function stripKeys<T extends Record<string, unknown>>(item: T): Omit<T, "pk" | "sk" | "gsi1pk" | "gsi1sk" | "gsi2pk" | "gsi2sk" | "gsi3pk" | "gsi3sk" | "gsi4pk" | "gsi4sk" | "ttl"> {
  const { pk: _pk, sk: _sk, gsi1pk: _a, gsi1sk: _b, gsi2pk: _c, gsi2sk: _d, gsi3pk: _e, gsi3sk: _f, gsi4pk: _g, gsi4sk: _h, ttl: _t, ...rest } = item as Record<string, unknown>;
  return rest as never;
}
