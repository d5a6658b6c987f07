// S3 object keys, in a module of their own (no SDK) because the CDK stack reads them too: the
// functions' roles are granted the documents prefix, not the whole bucket.

/** Every document's bytes live under this prefix, as applications/{applicationId}/{documentId}. */
export const DOCUMENTS_PREFIX = "applications/";

export const objectKeyFor = (applicationId: string, documentId: string) => `${DOCUMENTS_PREFIX}${applicationId}/${documentId}`;
