// Security headers on every answer: a closed Content-Security-Policy unless the route set its own, no framing, no sniffing.
import { secureHeaders } from "hono/secure-headers";

/**
 * JSON, CSV and problem+json answers load nothing, so the default policy allows nothing; the page
 * and /docs send their own policy (with `frame-ancestors 'none'` too), which this keeps.
 */
export const apiContentSecurityPolicy = {
  defaultSrc: ["'none'"],
  frameAncestors: ["'none'"],
  baseUri: ["'none'"],
  formAction: ["'none'"],
};

export const securityHeaders = () =>
  secureHeaders({
    contentSecurityPolicy: apiContentSecurityPolicy,
    xFrameOptions: "DENY",
    referrerPolicy: "no-referrer",
    // Keeps what a route set for itself: the page's hash-based policy, /docs's Swagger UI policy.
    overwrite: false,
  });
