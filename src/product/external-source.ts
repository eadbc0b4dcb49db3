/** The form of an external lineage source: `scheme:location`, e.g. `worldbank:api.worldbank.org/v2`. */
export const EXTERNAL_SOURCE_PATTERN = /^[a-z][a-z0-9+.-]*:\S+$/i;
