// Does not compile (ClSessionTest: a failed build leaves nothing behind and reports the build log).
__kernel void broken(__global float* p) { p[0] = undeclared_name; }
