// The `meshwork/server` entry: build the HTTP app over a mesh, serve it.

export { type AdminBootstrap, BOOTSTRAP_ADMIN_ID, ensureAdminPrincipal } from './bootstrap-admin.ts';
export { API_VERSION, createMeshServer, type MeshServer } from './create-mesh-server.ts';
export { HTTP_STATUS, httpStatusFor, type ProblemCode, SERVER_PROBLEM_CODES } from './http-status.ts';
export { isLoopbackHost } from './is-loopback.ts';
export { createProblem, PROBLEM_MEDIA_TYPE, type Problem, toProblem } from './problem.ts';
export { DEFAULT_LIMITS, type MeshServerOptions, type ServerLimits } from './server-options.ts';
export { type ListenOptions, type RunningServer, startServer } from './start-server.ts';
export { findWebCatalog, registerWebCatalog, WEB_CATALOG_CSP } from './web-catalog.ts';
