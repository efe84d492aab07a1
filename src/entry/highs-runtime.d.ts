// The highs package's Wasm binary, compiled by wrangler (see the CompiledWasm rule in wrangler.toml).
declare module "highs/runtime" {
  const module: WebAssembly.Module;
  export default module;
}
