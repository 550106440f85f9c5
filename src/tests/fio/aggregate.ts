// Aggregates fio entries: sum rates over concurrent jobs and workers, pool latency moments, merge json+ bins.
import type { Bins } from './histogram.js';
import { binsFromJson, mergeBins } from './histogram.js';
import type { Moments } from './moments.js';
import { combineMoments, EMPTY_MOMENTS } from './moments.js';
import type { DirectionName, FioDirection, FioEntry, FioLatency } from './parse.js';
import { DIRECTIONS } from './parse.js';

/** One direction's totals. Rates are per second; latencies in ns. */
export interface DirectionStats {
  iops: number;
  bwBytes: number;
  ioBytes: number;
  totalIos: number;
  /** Longest runtime of the entries (ms). */
  runtimeMs: number;
  slat: Moments;
  clat: Moments;
  lat: Moments;
  /** json+ completion-latency histogram (empty without json+). */
  clatBins: Bins;
}

export type FioStats = Record<DirectionName, DirectionStats>;

const moments = (l: FioLatency): Moments => ({ n: l.N, mean: l.mean, stddev: l.stddev, min: l.min, max: l.max });

function fromDirection(d: FioDirection): DirectionStats {
  return { iops: d.iops, bwBytes: d.bw_bytes, ioBytes: d.io_bytes, totalIos: d.total_ios, runtimeMs: d.runtime, slat: moments(d.slat_ns), clat: moments(d.clat_ns), lat: moments(d.lat_ns), clatBins: binsFromJson(d.clat_ns.bins) };
}

/** Combine one direction of parts that ran at the same time: rates add up, distributions pool. */
function concurrent(parts: readonly DirectionStats[]): DirectionStats {
  const sum = (f: (p: DirectionStats) => number) => parts.reduce((a, p) => a + f(p), 0);
  return {
    iops: sum((p) => p.iops),
    bwBytes: sum((p) => p.bwBytes),
    ioBytes: sum((p) => p.ioBytes),
    totalIos: sum((p) => p.totalIos),
    runtimeMs: Math.max(0, ...parts.map((p) => p.runtimeMs)),
    slat: combineMoments(parts.map((p) => p.slat)),
    clat: combineMoments(parts.map((p) => p.clat)),
    lat: combineMoments(parts.map((p) => p.lat)),
    clatBins: mergeBins(parts.map((p) => p.clatBins)),
  };
}

/** Combine parts that ran one after another (stonewalled job groups): rates are weighted by each part's runtime. */
function sequential(parts: readonly DirectionStats[]): DirectionStats {
  const merged = concurrent(parts);
  const time = parts.reduce((a, p) => a + p.runtimeMs, 0);
  const weighted = (f: (p: DirectionStats) => number) => (time === 0 ? 0 : parts.reduce((a, p) => a + f(p) * p.runtimeMs, 0) / time);
  return { ...merged, iops: weighted((p) => p.iops), bwBytes: weighted((p) => p.bwBytes), runtimeMs: time };
}

function perDirection(list: readonly FioStats[], combine: (parts: DirectionStats[]) => DirectionStats): FioStats {
  return Object.fromEntries(DIRECTIONS.map((d) => [d, combine(list.map((s) => s[d]))])) as FioStats;
}

/** Workers (or jobs) that ran at the same time: sum rates, pool latencies, merge bins. Never use fio's "All clients". */
export function mergeConcurrent(list: readonly FioStats[]): FioStats {
  return perDirection(list, concurrent);
}

/**
 * The totals of one fio run on one host: entries of the same job group ran together (summed); different groups ran
 * one after another (rates weighted by runtime). With group_reporting, fio already gives one entry per group.
 */
export function statsFromEntries(entries: readonly FioEntry[]): FioStats {
  const groups = new Map<number, FioStats[]>();
  for (const e of entries) {
    const s = Object.fromEntries(DIRECTIONS.map((d) => [d, fromDirection(e[d])])) as FioStats;
    groups.set(e.groupid, [...(groups.get(e.groupid) ?? []), s]);
  }
  const perGroup = [...groups.values()].map((g) => mergeConcurrent(g));
  return perGroup.length === 1 ? (perGroup[0] as FioStats) : perDirection(perGroup, sequential);
}

/** All directions pooled, for the direction-less pbench metrics (iops_sec, clat, lat, slat). */
export function totalOverDirections(s: FioStats): DirectionStats {
  return concurrent(DIRECTIONS.map((d) => s[d]));
}

export const EMPTY_DIRECTION: DirectionStats = { iops: 0, bwBytes: 0, ioBytes: 0, totalIos: 0, runtimeMs: 0, slat: EMPTY_MOMENTS, clat: EMPTY_MOMENTS, lat: EMPTY_MOMENTS, clatBins: new Map() };
