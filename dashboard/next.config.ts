import type { NextConfig } from "next";

// Static export served by the API process: no Node.js runtime on the device.
// trailingSlash: every page is `<route>/index.html` (the API serves directories' index.html).
const config: NextConfig = {
  output: "export",
  trailingSlash: true,
  images: { unoptimized: true },
  poweredByHeader: false,
  reactStrictMode: true,
};

export default config;
