// A minimal protocol-buffers encoder (varints, fixed 32/64-bit, length-delimited fields): enough to
// write TensorBoard's Event/Summary/HistogramProto messages without a protobuf dependency.

/** Builds one protobuf message field by field; `finish()` returns its bytes. */
export class ProtoWriter {
  private chunks: number[] = [];

  private varint(v: bigint): void {
    // int64 fields encode negative values as their 64-bit two's complement (10 bytes).
    let x = BigInt.asUintN(64, v);
    while (x >= 0x80n) {
      this.chunks.push(Number(x & 0x7fn) | 0x80);
      x >>= 7n;
    }
    this.chunks.push(Number(x));
  }

  private key(field: number, wire: number): void {
    this.varint(BigInt((field << 3) | wire));
  }

  /** An int64/uint64/int32 field (wire type 0). */
  int64(field: number, v: number | bigint): this {
    this.key(field, 0);
    this.varint(BigInt(v));
    return this;
  }

  /** A double field (wire type 1, little-endian). */
  double(field: number, v: number): this {
    this.key(field, 1);
    const b = new Uint8Array(8);
    new DataView(b.buffer).setFloat64(0, v, true);
    this.chunks.push(...b);
    return this;
  }

  /** A float field (wire type 5, little-endian float32). */
  float(field: number, v: number): this {
    this.key(field, 5);
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, v, true);
    this.chunks.push(...b);
    return this;
  }

  /** A bytes or embedded-message field (wire type 2). */
  bytes(field: number, b: Uint8Array): this {
    this.key(field, 2);
    this.varint(BigInt(b.length));
    for (let i = 0; i < b.length; i++) this.chunks.push(b[i]);
    return this;
  }

  /** A UTF-8 string field (wire type 2). */
  string(field: number, s: string): this {
    return this.bytes(field, new TextEncoder().encode(s));
  }

  /** A packed repeated double field (wire type 2, 8 bytes per value). */
  packedDoubles(field: number, vs: readonly number[]): this {
    const b = new Uint8Array(8 * vs.length);
    const view = new DataView(b.buffer);
    vs.forEach((v, i) => view.setFloat64(8 * i, v, true));
    return this.bytes(field, b);
  }

  finish(): Uint8Array {
    return Uint8Array.from(this.chunks);
  }
}
