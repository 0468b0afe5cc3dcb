// The mask painter: a brush and an eraser over an image, by pointer or keyboard. The mask goes out as OpenAI
// expects it: a PNG of the image's size whose transparent pixels are the area to change, opaque elsewhere.

const PAINT = "rgb(230, 0, 80)";

export class MaskPainter {
  constructor(root) {
    this.dialog = root.getElementById("mask-dialog");
    this.image = root.getElementById("mask-image");
    this.canvas = root.getElementById("mask-canvas");
    this.size = root.getElementById("mask-size");
    this.cursor = { x: 0, y: 0 };
    this.last = null;
    this.resolve = null;
    this.canvas.addEventListener("pointerdown", (e) => this.down(e));
    this.canvas.addEventListener("pointermove", (e) => this.move(e));
    this.canvas.addEventListener("pointerup", () => (this.last = null));
    this.canvas.addEventListener("pointercancel", () => (this.last = null));
    this.canvas.addEventListener("keydown", (e) => this.key(e));
    root.getElementById("mask-clear").addEventListener("click", () => this.clear());
    root.getElementById("mask-cancel").addEventListener("click", () => this.finish(null));
    root.getElementById("mask-apply").addEventListener("click", () => this.finish(this.mask()));
    this.dialog.addEventListener("cancel", (e) => {
      e.preventDefault();
      this.finish(null);
    });
  }

  /** Opens the painter over an image; resolves to the mask's data URL, or null when cancelled or left empty. */
  open(src) {
    return new Promise((resolve, reject) => {
      this.resolve = resolve;
      this.image.onload = () => {
        this.canvas.width = this.image.naturalWidth;
        this.canvas.height = this.image.naturalHeight;
        this.cursor = { x: this.canvas.width / 2, y: this.canvas.height / 2 };
        this.clear();
        this.dialog.showModal();
        this.canvas.focus();
      };
      this.image.onerror = () => reject(new Error("The image could not be shown for masking."));
      this.image.src = src;
    });
  }

  tool() {
    return this.dialog.querySelector('input[name="mask-tool"]:checked').value;
  }

  /** The brush's radius in image pixels (the slider is in screen pixels of the shown image). */
  radius() {
    const scale = this.canvas.width / Math.max(1, this.canvas.getBoundingClientRect().width);
    return Math.max(1, (Number(this.size.value) * scale) / 2);
  }

  point(e) {
    const box = this.canvas.getBoundingClientRect();
    return {
      x: ((e.clientX - box.left) / box.width) * this.canvas.width,
      y: ((e.clientY - box.top) / box.height) * this.canvas.height,
    };
  }

  down(e) {
    this.canvas.setPointerCapture(e.pointerId);
    this.last = this.point(e);
    this.stroke(this.last, this.last);
  }

  move(e) {
    if (!this.last || e.buttons === 0) {
      return;
    }
    const p = this.point(e);
    this.stroke(this.last, p);
    this.last = p;
  }

  key(e) {
    const step = Math.max(2, this.radius());
    const moves = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
    if (moves[e.key]) {
      e.preventDefault();
      const from = { ...this.cursor };
      this.cursor.x = Math.min(this.canvas.width, Math.max(0, this.cursor.x + moves[e.key][0]));
      this.cursor.y = Math.min(this.canvas.height, Math.max(0, this.cursor.y + moves[e.key][1]));
      if (e.shiftKey) {
        this.stroke(from, this.cursor);
      } else {
        this.redraw();
      }
    } else if (e.key === " ") {
      e.preventDefault();
      this.stroke(this.cursor, this.cursor);
    }
  }

  stroke(from, to) {
    const g = this.paintLayer().getContext("2d");
    g.globalCompositeOperation = this.tool() === "eraser" ? "destination-out" : "source-over";
    g.strokeStyle = PAINT;
    g.fillStyle = PAINT;
    g.lineCap = "round";
    g.lineWidth = this.radius() * 2;
    g.beginPath();
    g.moveTo(from.x, from.y);
    g.lineTo(to.x + 0.01, to.y);
    g.stroke();
    this.redraw();
  }

  /** The painted area, apart from what the canvas shows (the brush's outline is drawn over it). */
  paintLayer() {
    if (!this.layer || this.layer.width !== this.canvas.width || this.layer.height !== this.canvas.height) {
      this.layer = document.createElement("canvas");
      this.layer.width = this.canvas.width;
      this.layer.height = this.canvas.height;
    }
    return this.layer;
  }

  redraw() {
    const g = this.canvas.getContext("2d");
    g.clearRect(0, 0, this.canvas.width, this.canvas.height);
    g.drawImage(this.paintLayer(), 0, 0);
    g.strokeStyle = "#fff";
    g.lineWidth = Math.max(1, this.canvas.width / 256);
    g.beginPath();
    g.arc(this.cursor.x, this.cursor.y, this.radius(), 0, Math.PI * 2);
    g.stroke();
  }

  clear() {
    const layer = this.paintLayer();
    layer.getContext("2d").clearRect(0, 0, layer.width, layer.height);
    this.redraw();
  }

  /** The mask PNG (transparent = change), or null when nothing is painted. */
  mask() {
    const layer = this.paintLayer();
    const painted = layer.getContext("2d").getImageData(0, 0, layer.width, layer.height).data;
    const out = document.createElement("canvas");
    out.width = layer.width;
    out.height = layer.height;
    const g = out.getContext("2d");
    const pixels = g.createImageData(layer.width, layer.height);
    let any = false;
    for (let i = 0; i < painted.length; i += 4) {
      const change = painted[i + 3] > 0;
      any ||= change;
      pixels.data[i] = 255;
      pixels.data[i + 1] = 255;
      pixels.data[i + 2] = 255;
      pixels.data[i + 3] = change ? 0 : 255;
    }
    if (!any) {
      return null;
    }
    g.putImageData(pixels, 0, 0);
    return out.toDataURL("image/png");
  }

  finish(result) {
    if (this.dialog.open) {
      this.dialog.close();
    }
    const resolve = this.resolve;
    this.resolve = null;
    resolve?.(result);
  }
}
