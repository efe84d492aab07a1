// The land routing graph of the china-2024 datasets: province-level rail junctions and the corridors
// between them, with each distance's basis (data-brief-2 §3a line chainages, else ESTIMATE). Rail and
// road share the corridors (expressways run beside the trunk lines), so each link carries both modes.
import type { NetworkInput } from "../../models/allocation/network.ts";
import { CITIES, type Label } from "./brief-tables.ts";

interface Junction {
  id: string;
  name: string;
  province: string;
  lat: number;
  lon: number;
}

export interface LinkRow {
  from: string;
  to: string;
  km: number;
  label: Label;
  basis: string;
}

const at = (id: keyof typeof CITIES, name?: string): Junction => {
  const c = CITIES[id];
  return { id, name: name ?? c.name, province: c.province, lat: c.lat, lon: c.lon };
};
// Junctions not in brief §7: city-centre coordinates from general knowledge (ESTIMATE, ±0.05°).
const off = (id: string, name: string, province: string, lat: number, lon: number): Junction => ({
  id,
  name,
  province,
  lat,
  lon,
});

export const JUNCTIONS: readonly Junction[] = [
  at("jinan"),
  at("zibo"),
  at("binzhou"),
  at("dezhou"),
  at("qingdao"),
  off("lancun", "Lancun (Jiaoji/Lanyan junction)", "Shandong", 36.4, 120.18),
  at("yantai"),
  at("rizhao"),
  off("yanzhou", "Yanzhou", "Shandong", 35.55, 116.83),
  off("huanghua", "Huanghua port", "Hebei", 38.37, 117.33),
  off("shijiazhuang", "Shijiazhuang", "Hebei", 38.04, 114.51),
  at("handan"),
  off("shanhaiguan", "Shanhaiguan", "Hebei", 40.0, 119.75),
  at("tianjin"),
  off("beijing", "Beijing", "Beijing", 39.9, 116.4),
  off("shenyang", "Shenyang", "Liaoning", 41.8, 123.43),
  at("dalian"),
  off("harbin", "Harbin", "Heilongjiang", 45.8, 126.53),
  at("baotou"),
  at("hohhot"),
  at("tongliao"),
  at("manzhouli"),
  at("taiyuan"),
  off("datong", "Datong", "Shanxi", 40.08, 113.3),
  off("xian", "Xi'an", "Shaanxi", 34.27, 108.94),
  at("yulin", "Yulin (Shenmu)"),
  at("zhengzhou"),
  at("luoyang"),
  off("shangqiu", "Shangqiu", "Henan", 34.41, 115.66),
  at("sanmenxia"),
  off("xinxiang", "Xinxiang", "Henan", 35.3, 113.93),
  at("xuzhou"),
  at("lianyungang"),
  off("wuhan", "Wuhan", "Hubei", 30.59, 114.31),
  at("changsha"),
  off("hengyang", "Hengyang", "Hunan", 26.89, 112.57),
  off("huaihua", "Huaihua", "Hunan", 27.55, 109.98),
  off("yingtan", "Yingtan", "Jiangxi", 28.26, 117.07),
  at("nanping"),
  off("nanning", "Nanning", "Guangxi", 22.82, 108.37),
  at("baise"),
  off("liuzhou", "Liuzhou", "Guangxi", 24.33, 109.41),
  at("qinzhou"),
  at("fangchenggang"),
  at("guiyang"),
  at("xingren", "Xingren (Nankun line, Weishe)"),
  at("kunming"),
  at("qujing"),
  at("honghe", "Mengzi (Honghe)"),
  at("dali"),
  off("chengdu", "Chengdu", "Sichuan", 30.66, 104.07),
  at("guangyuan"),
  off("chongqing", "Chongqing", "Chongqing", 29.56, 106.55),
  at("lanzhou"),
  at("jiayuguan"),
  at("yinchuan"),
  off("zhongwei", "Zhongwei", "Ningxia", 37.5, 105.19),
  at("xining"),
  at("urumqi"),
  at("hami"),
  at("alashankou"),
];

const link = (from: string, to: string, km: number, label: Label, basis: string): LinkRow => ({
  from,
  to,
  km,
  label,
  basis,
});
const longhai = "Longhai railway chainages (brief 2 §3a)";
const lanxin = "Lanxin railway, Lanzhou-Urumqi 1,904 km (brief 2 §3a); the split is ESTIMATE";
const baolan = "Baolan railway, Baotou-Lanzhou 995 km (brief 2 §3a); the split is ESTIMATE";
const jinghu = "Beijing-Shanghai railway chainages (brief 2 §3a)";
const jiaoji = "Qingdao-Jinan railway 384.2 km, Zibo at km 269.5 (brief 2 §3a)";
const nankun = "Nanning-Kunming railway 863 km (brief 2 §3a); the split is ESTIMATE";
const guikun = "Guiyang-Kunming railway ~640 km (brief 2 §3a); the split is ESTIMATE";
const jingguang = "Beijing-Guangzhou railway, approximate chainages (general knowledge)";

/** Every corridor; km are rail line lengths, tariff km differ by ±5-10 % (brief 2 §3a). */
export const LINKS: readonly LinkRow[] = [
  link("lianyungang", "xuzhou", 190, "Sourced", `${longhai}: 223 - 33`),
  link("xuzhou", "shangqiu", 146, "Sourced", `${longhai}: 369 - 223`),
  link("shangqiu", "zhengzhou", 203, "Sourced", `${longhai}: 572 - 369`),
  link("zhengzhou", "luoyang", 124, "Sourced", `${longhai}: 696 - 572 (via Gongyi)`),
  link("luoyang", "sanmenxia", 145, "Sourced", `${longhai}: 841 - 696`),
  link("sanmenxia", "xian", 242, "Sourced", `${longhai}: 1,083 - 841`),
  link("xian", "lanzhou", 676, "Sourced", `${longhai}: 1,759 - 1,083 (via Baoji)`),
  link("lanzhou", "jiayuguan", 747, "ESTIMATE", lanxin),
  link("jiayuguan", "hami", 650, "ESTIMATE", lanxin),
  link("hami", "urumqi", 507, "DERIVED", `${lanxin}: 1,904 - 747 - 650`),
  link("urumqi", "alashankou", 477, "ESTIMATE", "Northern Xinjiang railway (general knowledge)"),
  link("lanzhou", "xining", 188, "ESTIMATE", "Lanzhou-Qinghai railway (general knowledge)"),
  link("baotou", "yinchuan", 520, "ESTIMATE", baolan),
  link("yinchuan", "zhongwei", 170, "ESTIMATE", baolan),
  link("zhongwei", "lanzhou", 305, "DERIVED", `${baolan}: 995 - 520 - 170`),
  link(
    "taiyuan",
    "zhongwei",
    750,
    "ESTIMATE",
    "Taiyuan-Zhongwei railway; length not sourced (brief 2 §3a)",
  ),
  link(
    "beijing",
    "datong",
    380,
    "ESTIMATE",
    "Beijing-Baotou railway, Datong chainage (general knowledge)",
  ),
  link(
    "datong",
    "hohhot",
    206,
    "DERIVED",
    "Beijing-Baotou railway, Hohhot at km 586 (brief 2 §3a) - 380",
  ),
  link(
    "hohhot",
    "baotou",
    283,
    "Sourced",
    "Beijing-Baotou railway chainages 869 - 586 (brief 2 §3a)",
  ),
  link("taiyuan", "datong", 355, "ESTIMATE", "Datong-Puzhou railway (general knowledge)"),
  link(
    "hohhot",
    "tongliao",
    1090,
    "ESTIMATE",
    "Jining-Tongliao railway ~943 km plus Hohhot-Jining",
  ),
  link(
    "shenyang",
    "tongliao",
    290,
    "ESTIMATE",
    "Shenyang-Tongliao via Dahushan (general knowledge)",
  ),
  link("beijing", "tianjin", 137, "ESTIMATE", "Tianjin chainage on the Beijing-Shanghai railway"),
  link("tianjin", "dezhou", 229, "DERIVED", `${jinghu}: Dezhou 365.8 - Tianjin 137 (ESTIMATE)`),
  link("dezhou", "jinan", 129, "ESTIMATE", `${jinghu}; Jinan at ~km 495`),
  link("jinan", "yanzhou", 145, "DERIVED", `${jinghu}: Yanzhou 640.4 - Jinan 495 (ESTIMATE)`),
  link("yanzhou", "xuzhou", 162.5, "Sourced", `${jinghu}: 802.9 - 640.4`),
  link("qingdao", "lancun", 95, "ESTIMATE", `${jiaoji}; Lancun's chainage`),
  link("lancun", "zibo", 174.5, "DERIVED", `${jiaoji}: 269.5 - 95`),
  link("zibo", "jinan", 114.7, "Sourced", `${jiaoji}: 384.2 - 269.5`),
  link("lancun", "yantai", 184, "ESTIMATE", "Lancun-Yantai railway (general knowledge)"),
  link(
    "rizhao",
    "yanzhou",
    308,
    "ESTIMATE",
    "Yanzhou-Shijiusuo (Rizhao) railway (general knowledge)",
  ),
  link("rizhao", "lianyungang", 110, "ESTIMATE", "coastal rail and expressway (general knowledge)"),
  link("rizhao", "qingdao", 150, "ESTIMATE", "Jiaozhou-Xinyi railway and coastal expressway"),
  link("binzhou", "zibo", 70, "ESTIMATE", "Zibo-Dongying railway branch (general knowledge)"),
  link("binzhou", "dezhou", 150, "ESTIMATE", "Dezhou-Longkou-Yantai railway (general knowledge)"),
  link("binzhou", "huanghua", 130, "ESTIMATE", "Huanghua port-Dajiawa railway (general knowledge)"),
  link("huanghua", "tianjin", 100, "ESTIMATE", "coastal rail and expressway (general knowledge)"),
  link(
    "huanghua",
    "yulin",
    855,
    "ESTIMATE",
    "Shenmu-Shuozhou-Huanghua heavy-haul line (general knowledge)",
  ),
  link("yulin", "baotou", 290, "ESTIMATE", "Baotou-Shenmu railway (general knowledge)"),
  link("yulin", "xian", 540, "ESTIMATE", "Xi'an-Yan'an-Shenmu railway (general knowledge)"),
  link("beijing", "shijiazhuang", 277, "ESTIMATE", jingguang),
  link("shijiazhuang", "handan", 169, "ESTIMATE", jingguang),
  link("handan", "xinxiang", 134, "ESTIMATE", jingguang),
  link("xinxiang", "zhengzhou", 80, "ESTIMATE", jingguang),
  link("zhengzhou", "wuhan", 536, "ESTIMATE", jingguang),
  link("wuhan", "changsha", 362, "ESTIMATE", jingguang),
  link("changsha", "hengyang", 177, "ESTIMATE", jingguang),
  link(
    "shijiazhuang",
    "dezhou",
    180,
    "ESTIMATE",
    "Shijiazhuang-Dezhou railway (general knowledge)",
  ),
  link(
    "shijiazhuang",
    "taiyuan",
    231,
    "ESTIMATE",
    "Shijiazhuang-Taiyuan railway (general knowledge)",
  ),
  link("handan", "jinan", 240, "ESTIMATE", "Handan-Jinan railway (general knowledge)"),
  link("xinxiang", "yanzhou", 320, "ESTIMATE", "Xinxiang-Heze-Yanzhou railway (general knowledge)"),
  link(
    "tianjin",
    "shanhaiguan",
    280,
    "ESTIMATE",
    "Beijing-Shanhaiguan railway (general knowledge)",
  ),
  link(
    "shanhaiguan",
    "shenyang",
    426,
    "ESTIMATE",
    "Shenyang-Shanhaiguan railway (general knowledge)",
  ),
  link("shenyang", "dalian", 397, "ESTIMATE", "Shenyang-Dalian railway (general knowledge)"),
  link(
    "shenyang",
    "harbin",
    546,
    "ESTIMATE",
    "Harbin-Dalian railway, northern part (general knowledge)",
  ),
  link("harbin", "manzhouli", 935, "ESTIMATE", "Harbin-Manzhouli railway (general knowledge)"),
  link(
    "xian",
    "guangyuan",
    523,
    "ESTIMATE",
    "Xi'an-Baoji 173 (Longhai) + Baoji-Chengdu railway to Guangyuan",
  ),
  link("guangyuan", "chengdu", 320, "ESTIMATE", "Baoji-Chengdu railway (general knowledge)"),
  link("chengdu", "chongqing", 504, "ESTIMATE", "Chengdu-Chongqing railway (general knowledge)"),
  link("chongqing", "guiyang", 463, "ESTIMATE", "Sichuan-Guizhou railway (general knowledge)"),
  link("guiyang", "qujing", 483, "ESTIMATE", guikun),
  link("qujing", "kunming", 157, "ESTIMATE", guikun),
  link("chengdu", "kunming", 1100, "Sourced", "Chengdu-Kunming railway, old line (brief 2 §3a)"),
  link("nanning", "baise", 260, "ESTIMATE", nankun),
  link("baise", "xingren", 260, "ESTIMATE", nankun),
  link("xingren", "kunming", 343, "DERIVED", `${nankun}: 863 - 260 - 260`),
  link("kunming", "honghe", 196.5, "DERIVED", "Kunming-Yuxi 55.5 + Yuxi-Mengzi 141 (brief 2 §3a)"),
  link("kunming", "dali", 328, "Sourced", "Kunming-Dali line (brief 2 §3a)"),
  link("nanning", "qinzhou", 114, "ESTIMATE", "Nanning-Qinzhou railway (general knowledge)"),
  link(
    "qinzhou",
    "fangchenggang",
    63,
    "ESTIMATE",
    "Qinzhou-Fangchenggang railway (general knowledge)",
  ),
  link("nanning", "liuzhou", 255, "ESTIMATE", "Hunan-Guangxi railway (general knowledge)"),
  link("liuzhou", "guiyang", 607, "ESTIMATE", "Guizhou-Guangxi railway (general knowledge)"),
  link(
    "liuzhou",
    "hengyang",
    530,
    "ESTIMATE",
    "Hunan-Guangxi railway via Guilin (general knowledge)",
  ),
  link(
    "changsha",
    "yingtan",
    650,
    "ESTIMATE",
    "Zhejiang-Jiangxi railway via Zhuzhou (general knowledge)",
  ),
  link(
    "luoyang",
    "huaihua",
    1000,
    "ESTIMATE",
    "Jiaozuo-Liuzhou railway via Xiangyang (general knowledge)",
  ),
  link(
    "huaihua",
    "liuzhou",
    410,
    "ESTIMATE",
    "Jiaozuo-Liuzhou railway, southern part (general knowledge)",
  ),
  link("huaihua", "guiyang", 420, "ESTIMATE", "Hunan-Guizhou railway (general knowledge)"),
  link("changsha", "huaihua", 420, "ESTIMATE", "Hunan-Guizhou railway (general knowledge)"),
  link("yingtan", "nanping", 250, "ESTIMATE", "Yingtan-Xiamen railway (general knowledge)"),
];

/** The graph in the network format: every link carries rail and road; nodes attach by province. */
export function landRoutes(): NonNullable<NetworkInput["landRoutes"]> {
  return {
    junctions: JUNCTIONS.map((j) => ({ ...j })),
    links: LINKS.map((l) => ({ from: l.from, to: l.to, km: l.km, modes: ["rail", "road"] })),
  };
}
