/** The empty baseline: a bundle that does nothing, so its cold start is the runtime's fixed cost. */
export const handler = async () => ({});
