import { describe, expect, it } from "vitest";
import { compareDebianRevision, isValidRelease, parseRelease } from "../lib/release.js";
import { BEHAVIOURS, type BehaviourName, describeRules, rulesFor } from "../lib/rules.js";

describe("release strings", () => {
  it.each([
    ["5.9.8", "5.9.8", undefined],
    ["5.9", "5.9.0", undefined],
    ["6.0", "6.0.0", undefined],
    [" 6.0.6 ", "6.0.6", undefined],
    ["5.9.8-5+deb12u6", "5.9.8", "5.9.8-5+deb12u6"],
    ["5.9.13-2ubuntu4.1", "5.9.13", "5.9.13-2ubuntu4.1"],
    ["6.0.0rc1", "6.0.0", undefined],
  ])("%s is upstream %s (package %s)", (text, upstream, pkg) => {
    const r = parseRelease(text);
    expect(r?.upstream).toBe(upstream);
    expect(r?.package).toBe(pkg);
  });

  it.each(["", "x", "5.9.8.1", "5.9.8-", "6.0.6 beta", "1234.5"])("%j is not a release", (text) => {
    expect(isValidRelease(text)).toBe(false);
  });

  it.each([
    ["5+deb12u4", "5+deb12u6", -1],
    ["5+deb12u10", "5+deb12u6", 1],
    ["5", "5+deb12u4", -1],
    ["5+deb12u4", "5+deb12u4", 0],
    ["5~bpo1", "5", -1],
    ["2ubuntu4.1", "2ubuntu4", 1],
    ["5+deb12u4", "4", 1],
  ])("dpkg order: %s vs %s", (a, b, sign) => {
    expect(Math.sign(compareDebianRevision(a, b))).toBe(sign);
    expect(Math.sign(compareDebianRevision(b, a))).toBe(sign === 0 ? 0 : -sign);
  });
});

describe("rules of a release", () => {
  it("every behaviour is on in the newest release and each is off just before its `since`", () => {
    const newest = rulesFor();
    for (const [name, spec] of Object.entries(BEHAVIOURS) as [BehaviourName, { since: string }][]) {
      expect(newest[name], name).toBe(true);
      expect(rulesFor(spec.since)[name], `${name} in ${spec.since}`).toBe(true);
      const [a, b, c] = spec.since.split(".").map(Number) as [number, number, number];
      const before = c > 0 ? `${a}.${b}.${c - 1}` : b > 0 ? `${a}.${b - 1}.99` : `${a - 1}.99.99`;
      expect(rulesFor(before)[name], `${name} in ${before}`).toBe(false);
    }
  });

  it("a release between rule changes gets the newest change at or before it, with a note", () => {
    const r = rulesFor("5.9.13");
    expect(r.release.basis).toBe("5.9.12");
    expect(r.release.verified).toBe(false);
    expect(r.release.note).toMatch(/5\.9\.13 has the rules of 5\.9\.12/);
    expect(rulesFor("5.9.8").release).toMatchObject({ upstream: "5.9.8", verified: true, basis: "5.9.7" });
    expect(rulesFor("5.9.8").release.note).toBeUndefined();
  });

  it("releases outside the covered range are accepted with a note", () => {
    expect(rulesFor("5.8.4").release.note).toMatch(/older than the rules cover/);
    expect(rulesFor("6.1.0").release.note).toMatch(/newer than the rules cover/);
    expect(rulesFor("6.1.0").organizationIdentifierName).toBe(true);
  });

  it("a package version keeps its text and upstream; resolved rules pass through unchanged", () => {
    const r = rulesFor("5.9.8-5+deb12u6");
    expect(r.release).toMatchObject({
      text: "5.9.8-5+deb12u6",
      upstream: "5.9.8",
      package: "5.9.8-5+deb12u6",
    });
    expect(rulesFor(r)).toBe(r);
    expect(rulesFor("5.9.8")).toBe(rulesFor("5.9.8"));
    expect(() => rulesFor("five")).toThrow(/not a strongSwan release/);
  });

  it("describeRules lists every behaviour with its release", () => {
    const d = describeRules("5.9.8");
    expect(d.map((x) => x.name).sort()).toEqual(Object.keys(BEHAVIOURS).sort());
    expect(d.find((x) => x.name === "organizationIdentifierName")).toMatchObject({
      on: false,
      since: "6.0.5",
    });
    expect(d.find((x) => x.name === "snIsSurname")).toMatchObject({ on: true, since: "5.9.2" });
  });
});
