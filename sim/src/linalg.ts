/** Lower-triangular Cholesky factor L of a symmetric positive-definite matrix (A = L·Lᵀ). */
export function cholesky(a: number[][]): number[][] {
  const n = a.length;
  const l = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    if (a[i].length !== n) throw new Error(`correlation matrix row ${i} has ${a[i].length} entries, expected ${n}`);
    for (let j = 0; j <= i; j++) {
      let sum = a[i][j];
      for (let k = 0; k < j; k++) sum -= l[i][k] * l[j][k];
      if (i === j) {
        if (sum <= 0) throw new Error(`correlation matrix is not positive definite (pivot ${i})`);
        l[i][j] = Math.sqrt(sum);
      } else {
        if (Math.abs(a[i][j] - a[j][i]) > 1e-12) throw new Error(`correlation matrix is not symmetric at (${i}, ${j})`);
        l[i][j] = sum / l[j][j];
      }
    }
  }
  return l;
}

/** A correlation matrix with one common correlation between every pair. */
export function uniformCorrelation(n: number, rho: number): number[][] {
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : rho)));
}
