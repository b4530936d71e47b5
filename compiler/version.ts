/** Kuan's version, written into every emitted module's header (kept in step with package.json by a test). */
export const KUAN_VERSION = "0.1.0";
