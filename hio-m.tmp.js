const ignore=require('ignore');
const {IgnoreFile}=require('./out/server/src/engine/glob.js');
const pat='**/a/'.repeat(12)+'**/b';
for (const depth of [16,20,24,28]) {
  const p=Array(depth).fill('a').join('/')+'/x';
  let t=performance.now(); ignore().add(pat).ignores(p); const old=performance.now()-t;
  t=performance.now(); new IgnoreFile(pat).ignores(p,false); const nw=performance.now()-t;
  console.log(depth, 'ignore', old.toFixed(1),'ms', 'new', nw.toFixed(3),'ms');
}
const p48=Array(48).fill('a').join('/')+'/x';
let t=performance.now(); for(let i=0;i<1000;i++) new IgnoreFile(pat).ignores(p48,true); console.log('new 48 levels x1000', (performance.now()-t).toFixed(1),'ms');
const deep=Array(2000).fill('a').join('/');
t=performance.now(); new IgnoreFile(pat).ignores(deep,true); console.log('new 2000 levels', (performance.now()-t).toFixed(1),'ms');
