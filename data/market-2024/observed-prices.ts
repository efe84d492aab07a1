// SMM's observed 2024 anode prices and the province group of the regional calibration line (see README.md).

/**
 * The Shandong smelter benchmark purchase price and the north-west delivered price range, CNY per
 * tonne including VAT, by month (data brief §5). Validated and turned into a spread by
 * models/allocation/regions.ts.
 */
export const observedPrices2024 = {
  referenceProvince: "Shandong",
  // SMM's prices include the 13 % goods VAT; the model is ex-VAT, so every comparison divides by this.
  vatIncludedRate: 0.13,
  // The five north-western provinces, and Inner Mongolia, whose western smelters (Baotou) buy on
  // north-western terms (ESTIMATE: a grouping, not a published figure).
  group: ["Xinjiang", "Gansu", "Qinghai", "Ningxia", "Shaanxi", "Inner Mongolia"],
  months: [
    {
      month: "2024-03",
      referencePricePerT: 3878,
      groupDeliveredPerT: { low: 4328, high: 4698 },
      url: "https://metal.com/en/newscontent/102668787",
    },
    {
      month: "2024-12",
      referencePricePerT: 3747,
      groupDeliveredPerT: { low: 4197, high: 4537 },
      url: "https://metal.com/en/newscontent/103086082",
    },
  ],
  source:
    "SMM 2024: north-west delivered 4,197-4,698 minus Shandong benchmark 3,747-3,878 CNY/t (data brief §5)",
};
