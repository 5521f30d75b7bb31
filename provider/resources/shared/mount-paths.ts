/** Where a session mounts its browser contexts: the Session schema checks them, BrowserExtension writes there. */

/** Mount path of the browser-data sync (agb-api.md 5.2). */
export const BROWSER_DATA_PATH = "/tmp/agb_browser_data";
/** Mount path of the extension sync (agb-api.md 5.3, Python SDK). */
export const EXTENSIONS_PATH = "/tmp/extensions/";
