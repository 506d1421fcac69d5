/**
 * @module The product editor's handle field and images: upload (POST
 * /v1/admin/products/:id/images with the file as the body), alt texts and order (PATCH …/images),
 * delete (DELETE …/images/:imageId). Images belong to a saved product, so a new product gets
 * them after it is created.
 */

import { adminApi, details } from './admin-shared.js'
import { ApiError, announce, el, explain, show, staff } from './app.js'

const ACCEPT = 'image/jpeg,image/png,image/webp,image/avif'
let current = null
let onChanged = () => {}
let box

/** Adds the handle field and the images box to the product form. */
export function initImages(form, hooks) {
  onChanged = hooks.onChanged
  const title = form.querySelector('#p-title')?.closest('.field')
  title?.after(
    el(
      'div',
      { class: 'field' },
      el('label', { for: 'p-handle' }, 'Handle (the page address /products/…)'),
      el('input', {
        id: 'p-handle',
        name: 'handle',
        pattern: '[a-z0-9]+(-[a-z0-9]+)*',
        maxLength: 128,
        placeholder: 'made from the title',
        autocomplete: 'off',
        'aria-describedby': 'p-handle-hint',
      }),
      el(
        'p',
        { id: 'p-handle-hint', class: 'meta' },
        'Lower-case words joined by hyphens; unique in the shop.',
      ),
    ),
  )
  box = el('fieldset', { id: 'product-images' })
  form.querySelector('.actions')?.before(box)
  showImages(null)
}

/** Shows the images of the product being edited (or how to add some to a new one). */
export function showImages(product) {
  current = product
  if (!box) return
  const legend = el('legend', {}, 'Images')
  if (!product)
    return show(box, legend, el('p', { class: 'meta' }, 'Create the product, then add images.'))
  const file = el('input', { id: 'img-file', type: 'file', accept: ACCEPT })
  const alt = el('input', { id: 'img-alt', maxLength: 300, autocomplete: 'off' })
  show(
    box,
    legend,
    product.images.length
      ? el(
          'ol',
          { class: 'image-list', 'aria-label': `Images of ${product.title}` },
          product.images.map((image, i) => imageItem(product, image, i)),
        )
      : el('p', { class: 'meta' }, 'No images yet. The first image is the one cards show.'),
    el(
      'div',
      { class: 'grid' },
      el(
        'div',
        { class: 'field' },
        el('label', { for: 'img-file' }, 'Image file (JPEG, PNG, WebP or AVIF, at most 5 MB)'),
        file,
      ),
      el(
        'div',
        { class: 'field' },
        el('label', { for: 'img-alt' }, 'Alt text (what the image shows)'),
        alt,
      ),
    ),
    el(
      'button',
      { type: 'button', class: 'secondary', onclick: () => upload(file, alt) },
      'Upload image',
    ),
  )
}

function imageItem(product, image, i) {
  const altInput = el('input', {
    id: `img-alt-${i}`,
    value: image.alt,
    maxLength: 300,
    onchange: () => arrange({ alt: { [image.id]: altInput.value } }, 'Alt text saved.'),
  })
  const ids = product.images.map((x) => x.id)
  const move = (to) => {
    const order = ids.filter((id) => id !== image.id)
    order.splice(to, 0, image.id)
    return arrange({ order }, 'Order saved.')
  }
  return el(
    'li',
    { 'data-image-id': image.id },
    el('img', {
      src: image.url,
      width: image.width,
      height: image.height,
      alt: image.alt,
      loading: 'lazy',
    }),
    el('p', { class: 'meta' }, `${image.width} × ${image.height} px · ${kb(image.bytes)}`),
    el('label', { for: `img-alt-${i}` }, 'Alt text'),
    altInput,
    el(
      'div',
      { class: 'actions' },
      i > 0
        ? el(
            'button',
            { type: 'button', class: 'secondary', onclick: () => move(i - 1) },
            'Earlier',
          )
        : null,
      i < ids.length - 1
        ? el('button', { type: 'button', class: 'secondary', onclick: () => move(i + 1) }, 'Later')
        : null,
      el(
        'button',
        { type: 'button', class: 'danger', onclick: () => remove(image) },
        'Delete',
        el('span', { class: 'visually-hidden' }, ` image ${i + 1}`),
      ),
    ),
  )
}

const kb = (bytes) => `${Math.max(1, Math.round(bytes / 1024))} KB`
const base = () => `/v1/admin/products/${encodeURIComponent(current.id)}/images`

async function upload(fileInput, altInput) {
  const file = fileInput.files?.[0]
  if (!file) {
    announce('Choose an image file first.', 'error')
    return fileInput.focus()
  }
  announce(`Uploading ${file.name}…`)
  try {
    // The body is the file itself, with its type; the server checks the bytes are that type.
    const res = await fetch(`${base()}?alt=${encodeURIComponent(altInput.value.trim())}`, {
      method: 'POST',
      headers: {
        accept: 'application/json',
        authorization: `Bearer ${staff()?.token ?? ''}`,
        'content-type': file.type || 'application/octet-stream',
      },
      body: file,
    })
    const data = await res.json().catch(() => null)
    if (!res.ok) {
      const e = data?.error ?? {}
      throw new ApiError(res.status, e.code ?? 'http_error', e.message ?? `HTTP ${res.status}`)
    }
    changed(
      data,
      res.status === 201
        ? `Image added to “${data.title}”.`
        : 'That image is already on the product.',
    )
  } catch (error) {
    announce(`Image not added: ${explain(error)}`, 'error')
  }
}

async function arrange(body, message) {
  try {
    changed(await adminApi(base(), { method: 'PATCH', body }), message)
  } catch (error) {
    announce(`Not saved: ${explain(error)}${details(error)}`, 'error')
  }
}

async function remove(image) {
  if (!confirm('Delete this image from the product?')) return
  try {
    changed(await adminApi(`${base()}/${image.id}`, { method: 'DELETE' }), 'Image deleted.')
  } catch (error) {
    announce(`Not deleted: ${explain(error)}`, 'error')
  }
}

function changed(product, message) {
  showImages(product)
  announce(message, 'ok')
  onChanged()
}
