// The built planner page (dist/web/index.html), which wrangler bundles as text by its default rule for .html.
declare module "*.html" {
  const text: string;
  export default text;
}
