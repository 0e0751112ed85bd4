<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AnimationBar</name>
    <message>
        <source>The map to fill cell by cell (clicking a cell of a feature map or pooled map chooses it too)</source>
        <translation>要逐格填出的图（点击特征图或池化图的格子也可选中它）</translation>
    </message>
    <message>
        <source>Slow</source>
        <translation>慢速</translation>
    </message>
    <message>
        <source>Normal</source>
        <translation>中速</translation>
    </message>
    <message>
        <source>Fast</source>
        <translation>快速</translation>
    </message>
    <message>
        <source>How fast the window slides</source>
        <translation>窗口滑动的速度</translation>
    </message>
    <message>
        <source>Map to animate</source>
        <translation>要动画演示的图</translation>
    </message>
    <message>
        <source>Animation speed</source>
        <translation>动画速度</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <source>Play: slide the feature over the input, filling the map cell by cell (Space plays and pauses while animating)</source>
        <translation>播放：让特征在输入上滑动，逐格填出这张图（动画进行时按空格键播放或暂停）</translation>
    </message>
    <message>
        <source>Step back</source>
        <translation>后退一步</translation>
    </message>
    <message>
        <source>One cell back (,)</source>
        <translation>后退一格（,）</translation>
    </message>
    <message>
        <source>Step forward</source>
        <translation>前进一步</translation>
    </message>
    <message>
        <source>One cell forward (.)</source>
        <translation>前进一格（.）</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Stop: back to the whole map</source>
        <translation>停止：回到完整的图</translation>
    </message>
    <message>
        <source>Animate:</source>
        <translation>动画：</translation>
    </message>
    <message>
        <source>{layer}: feature map of {name}</source>
        <translation>{layer}：{name} 的特征图</translation>
    </message>
    <message>
        <source>{layer}: max-pooled map of {name}</source>
        <translation>{layer}：{name} 的最大池化图</translation>
    </message>
    <message>
        <source>{layer}: average-pooled map of {name}</source>
        <translation>{layer}：{name} 的平均池化图</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>cell {k} of {n}</source>
        <translation>第 {k} 格，共 {n} 格</translation>
    </message>
</context>
<context>
    <name>CompareRun</name>
    <message>
        <source>Cannot run the comparison</source>
        <translation>无法运行对比</translation>
    </message>
    <message>
        <source>The comparison is already running.</source>
        <translation>对比已在运行。</translation>
    </message>
    <message>
        <source>There is no room for its data sets: {why}</source>
        <translation>没有地方存放它的数据集：{why}</translation>
    </message>
    <message>
        <source>Cancelled: nothing was changed.</source>
        <translation>已取消：什么都没有改变。</translation>
    </message>
    <message>
        <source>The comparison failed: {why}</source>
        <translation>对比失败：{why}</translation>
    </message>
</context>
<context>
    <name>CompareView</name>
    <message>
        <source>Where ConvNets fail: a ConvNet and a fully connected network (no convolution) learn the same words, once as they are and once with every grid's cells moved by one fixed shuffle.</source>
        <translation>卷积网络在哪里失效：一个卷积网络和一个全连接网络（没有卷积）学习同样的单词，一次用原样的数据，一次把每个网格的单元格按同一个固定的打乱顺序移动。</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Make the two data sets and train the four networks in the background (a few seconds)</source>
        <translation>在后台生成两个数据集并训练四个网络（几秒钟）</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Stop after the current batch</source>
        <translation>在当前批次之后停止</translation>
    </message>
    <message>
        <source>Paste these into a terminal to make the same data and get the same four numbers</source>
        <translation>把这些命令粘贴到终端，就能生成同样的数据并得到同样的四个数字</translation>
    </message>
    <message>
        <source>The same on the command line:</source>
        <translation>在命令行上做同样的事：</translation>
    </message>
    <message>
        <source>ordered</source>
        <translation>原序</translation>
    </message>
    <message>
        <source>shuffled</source>
        <translation>打乱</translation>
    </message>
    <message>
        <source>ConvNet</source>
        <translation>卷积网络</translation>
    </message>
    <message>
        <source>fully connected</source>
        <translation>全连接网络</translation>
    </message>
    <message>
        <source>Validation accuracy of each network on each data set</source>
        <translation>每个网络在每个数据集上的验证准确率</translation>
    </message>
    <message>
        <source>Training four networks…</source>
        <translation>正在训练四个网络…</translation>
    </message>
    <message>
        <source>Press Run to see the four numbers.</source>
        <translation>按“运行”查看这四个数字。</translation>
    </message>
    <message>
        <source>Shuffling the cells took the ConvNet from {c_o} to {c_s} and the fully connected network from {f_o} to {f_s}: a ConvNet's features look at neighbouring cells, and shuffling moves neighbours apart, while the fully connected network weighs every cell on its own and never used neighbours.</source>
        <translation>打乱单元格让卷积网络从 {c_o} 变为 {c_s}，让全连接网络从 {f_o} 变为 {f_s}：卷积网络的特征看的是相邻的单元格，而打乱把相邻的单元格分开了；全连接网络则单独衡量每个单元格，从来没有用过相邻关系。</translation>
    </message>
</context>
<context>
    <name>ConfusionView</name>
    <message>
        <source>said {name}</source>
        <translation>判为 {name}</translation>
    </message>
    <message>
        <source>is {name}</source>
        <translation>实为 {name}</translation>
    </message>
    <message>
        <source>Validation images: rows are the right answer, columns what the network said</source>
        <translation>验证图像：行是正确答案，列是网络的判断</translation>
    </message>
    <message>
        <source>Misclassified validation images</source>
        <translation>被分错的验证图像</translation>
    </message>
    <message>
        <source>Misclassified validation images: click one to open it in the editor</source>
        <translation>被分错的验证图像：点击一张即可在编辑器中打开</translation>
    </message>
    <message>
        <source>No validation results yet.</source>
        <translation>还没有验证结果。</translation>
    </message>
    <message>
        <source>Confusion matrix (validation)</source>
        <translation>混淆矩阵（验证）</translation>
    </message>
    <message>
        <source>Is {right}, the network said {said}. Click to open it in the editor.</source>
        <translation>实为 {right}，网络判为 {said}。点击可在编辑器中打开。</translation>
    </message>
    <message>
        <source>{wrong} misclassified (first {shown} shown, labelled with what the network said; click one to open it):</source>
        <translation>{wrong} 张被分错（显示前 {shown} 张，标注的是网络的判断；点击一张即可打开）：</translation>
    </message>
    <message>
        <source>Every validation image is right.</source>
        <translation>所有验证图像都判断正确。</translation>
    </message>
</context>
<context>
    <name>CurvesView</name>
    <message>
        <source>Loss (lower is better)</source>
        <translation>损失（越低越好）</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>Accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <source>share right</source>
        <translation>正确比例</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>batch</source>
        <translation>批次</translation>
    </message>
    <message>
        <source>training</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>validation</source>
        <translation>验证</translation>
    </message>
</context>
<context>
    <name>DataPanel</name>
    <message>
        <source>Shift</source>
        <translation>平移</translation>
    </message>
    <message>
        <source>up to {pct}% of the grid</source>
        <translation>最多为网格的 {pct}%</translation>
    </message>
    <message>
        <source>How far letters may move from the centre</source>
        <translation>字母离开中心最多能移动多远</translation>
    </message>
    <message>
        <source>Scale</source>
        <translation>缩放</translation>
    </message>
    <message>
        <source>±{pct}%</source>
        <translation>±{pct}%</translation>
    </message>
    <message>
        <source>How much bigger or smaller letters may be</source>
        <translation>字母最多可以放大或缩小多少</translation>
    </message>
    <message>
        <source>Rotation</source>
        <translation>旋转</translation>
    </message>
    <message>
        <source>up to {value}°</source>
        <translation>最多 {value}°</translation>
    </message>
    <message>
        <source>How far letters may be turned</source>
        <translation>字母最多可以转动多少</translation>
    </message>
    <message>
        <source>Thickness</source>
        <translation>粗细</translation>
    </message>
    <message>
        <source>up to {value} px more</source>
        <translation>最多加粗 {value} 像素</translation>
    </message>
    <message>
        <source>Extra stroke width</source>
        <translation>额外的笔画宽度</translation>
    </message>
    <message>
        <source>Wobble</source>
        <translation>抖动</translation>
    </message>
    <message>
        <source>up to {value} px</source>
        <translation>最多 {value} 像素</translation>
    </message>
    <message>
        <source>A smooth random bend, like a shaky hand</source>
        <translation>平滑的随机弯曲，就像手在发抖</translation>
    </message>
    <message>
        <source>Noise</source>
        <translation>噪声</translation>
    </message>
    <message>
        <source>{pct}% of pixels flipped</source>
        <translation>{pct}% 的像素被翻转</translation>
    </message>
    <message>
        <source>Chance that each pixel is flipped</source>
        <translation>每个像素被翻转的概率</translation>
    </message>
    <message>
        <source>Generated images</source>
        <translation>生成的图像</translation>
    </message>
    <message>
        <source>letters</source>
        <translation>字母</translation>
    </message>
    <message>
        <source>sounds</source>
        <translation>声音</translation>
    </message>
    <message>
        <source>text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>What the grids show: drawn letters, sounds as spectrograms (rows: pitch, columns: time) or words as letter × position grids</source>
        <translation>网格表示的内容：手写字母、声音的频谱图（行：音高，列：时间），或者“字母 × 位置”网格表示的单词</translation>
    </message>
    <message>
        <source>the kind's own (X,O; rising,falling; …)</source>
        <translation>该类型的默认类别（X,O；rising,falling；…）</translation>
    </message>
    <message>
        <source>2 to 10 comma-separated class names, e.g. X,O,+ for letters, rising,falling,steady for sounds, bad,dab for text</source>
        <translation>2 到 10 个用逗号分隔的类别名，例如字母用 X,O,+，声音用 rising,falling,steady，文本用 bad,dab</translation>
    </message>
    <message>
        <source>The same data without its neighbourhoods: a ConvNet loses its edge, a fully connected net does not care</source>
        <translation>同样的数据，但失去了邻域结构：卷积网络失去优势，全连接网络则不受影响</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Classes</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>How many images to generate (half X, half O)</source>
        <translation>要生成多少张图像（X 和 O 各占一半）</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>low</source>
        <translation>少</translation>
    </message>
    <message>
        <source>medium</source>
        <translation>中等</translation>
    </message>
    <message>
        <source>high</source>
        <translation>多</translation>
    </message>
    <message>
        <source>custom</source>
        <translation>自定义</translation>
    </message>
    <message>
        <source>A ready-made amount of variety; the sliders fine-tune it</source>
        <translation>现成的变化程度；可用滑块细调</translation>
    </message>
    <message>
        <source>Images</source>
        <translation>图像数</translation>
    </message>
    <message>
        <source>Variation</source>
        <translation>变化</translation>
    </message>
    <message>
        <source>The same seed always gives the same images</source>
        <translation>相同的种子总是生成相同的图像</translation>
    </message>
    <message>
        <source>Share of images kept aside to check the network on images it never trained on</source>
        <translation>留出来的图像比例，用来在网络从未训练过的图像上检验它</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>种子</translation>
    </message>
    <message>
        <source>Validation share</source>
        <translation>验证比例</translation>
    </message>
    <message>
        <source>Grid size</source>
        <translation>网格大小</translation>
    </message>
    <message>
        <source>The first generated samples with their labels</source>
        <translation>最先生成的几个样本及其标签</translation>
    </message>
    <message>
        <source>Open dataset…</source>
        <translation>打开数据集…</translation>
    </message>
    <message>
        <source>Save dataset…</source>
        <translation>保存数据集…</translation>
    </message>
    <message>
        <source>Use generated</source>
        <translation>使用生成的图像</translation>
    </message>
    <message>
        <source>Go back to generated images after opening a file</source>
        <translation>打开文件后回到生成的图像</translation>
    </message>
    <message>
        <source>shuffle the pixels</source>
        <translation>打乱像素</translation>
    </message>
    <message>
        <source>Your drawings (training set only)</source>
        <translation>你的绘图（仅用于训练集）</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Remove the selected drawings</source>
        <translation>移除选中的绘图</translation>
    </message>
    <message>
        <source>Add drawing as {name}</source>
        <translation>把绘图添加为 {name}</translation>
    </message>
    <message>
        <source>Add the editor's drawing, labelled {name}</source>
        <translation>把编辑器中的绘图添加进来，标签为 {name}</translation>
    </message>
    <message>
        <source>Open dataset</source>
        <translation>打开数据集</translation>
    </message>
    <message>
        <source>Datasets (*.npz)</source>
        <translation>数据集 (*.npz)</translation>
    </message>
    <message>
        <source>Save dataset</source>
        <translation>保存数据集</translation>
    </message>
    <message>
        <source>generating…</source>
        <translation>正在生成…</translation>
    </message>
    <message>
        <source>{done} of {total} images</source>
        <translation>已生成 {done}/{total} 张图像</translation>
    </message>
    <message>
        <source>Your drawing, labelled {name}</source>
        <translation>你的绘图，标注为 {name}</translation>
    </message>
    <message>
        <source>{n} images from {file}: {train} for training, {val} for validation</source>
        <translation>来自 {file} 的 {n} 张图像：{train} 张用于训练，{val} 张用于验证</translation>
    </message>
    <message>
        <source>{n} images generated: {train} for training, {val} for validation</source>
        <translation>已生成 {n} 张图像：{train} 张用于训练，{val} 张用于验证</translation>
    </message>
    <message>
        <source>(training includes {n} of your drawings)</source>
        <translation>（训练集包含你的 {n} 张绘图）</translation>
    </message>
    <message>
        <source>{n} drawings of another grid size are left out</source>
        <translation>有 {n} 张网格大小不同的绘图未被使用</translation>
    </message>
    <message>
        <source>{n} × {n} (the editor's)</source>
        <translation>{n} × {n}（编辑器的大小）</translation>
    </message>
</context>
<context>
    <name>EditorPanel</name>
    <message>
        <source>Preset drawings</source>
        <translation>预设绘图</translation>
    </message>
    <message>
        <source>Preset…</source>
        <translation>预设…</translation>
    </message>
    <message>
        <source>Grid size (5 to 32); presets are redrawn at the new size</source>
        <translation>网格大小（5 到 32）；预设会按新大小重新绘制</translation>
    </message>
    <message>
        <source>Test drawings: the tutorial's X and O and harder variants, and a sound and a word of each kind</source>
        <translation>测试绘图：教程里的 X 和 O 以及更难的变体，还有每一类的声音和单词</translation>
    </message>
    <message>
        <source>Grid size</source>
        <translation>网格大小</translation>
    </message>
    <message>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <source>arrow keys: shift</source>
        <translation>方向键：平移</translation>
    </message>
    <message>
        <source>&lt;b&gt;Drawing&lt;/b&gt; — left button: ink (+1), right: background (−1)</source>
        <translation>&lt;b&gt;绘图&lt;/b&gt; — 左键：墨迹（+1），右键：背景（−1）</translation>
    </message>
    <message>
        <source>A sound: rows are frequencies in Hz (high on top), columns are moments in seconds, left to right; ink is loud.</source>
        <translation>一段声音：行是频率（赫兹，高音在上），列是时刻（秒，从左到右）；墨迹表示响。</translation>
    </message>
    <message>
        <source>A word: rows are letters (a on top), columns the positions in the word; ink marks which letter stands where.</source>
        <translation>一个单词：行是字母（a 在上），列是单词中的位置；墨迹标出哪个字母在哪个位置。</translation>
    </message>
</context>
<context>
    <name>EngineMessages</name>
    <message>
        <source>drawing</source>
        <translation>绘图</translation>
    </message>
    <message>
        <source>picture</source>
        <translation>图片</translation>
    </message>
    <message>
        <source>model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>dataset</source>
        <translation>数据集</translation>
    </message>
    <message>
        <source>lab</source>
        <translation>实验</translation>
    </message>
    <message>
        <source>features per block</source>
        <translation>每块特征数</translation>
    </message>
    <message>
        <source>hidden sizes</source>
        <translation>隐藏层大小</translation>
    </message>
    <message>
        <source>{name} unpacks to {mb:.0f} MB, more than a {what} file may ({most:.0f} MB)</source>
        <translation>{name} 解压后有 {mb:.0f} MB，超过了{what}文件的上限（{most:.0f} MB）</translation>
    </message>
    <message>
        <source>{name} has no entry {entry!r}, so it is not a complete {what} file</source>
        <translation>{name} 缺少条目 {entry!r}，所以不是完整的{what}文件</translation>
    </message>
    <message>
        <source>{name} is not a {what} file, or it is damaged or truncated</source>
        <translation>{name} 不是{what}文件，或者已损坏、不完整</translation>
    </message>
    <message>
        <source>cannot read {what} file {name}: {reason}</source>
        <translation>无法读取{what}文件 {name}：{reason}</translation>
    </message>
    <message>
        <source>{name} is a folder, not a {what} file</source>
        <translation>{name} 是文件夹，不是{what}文件</translation>
    </message>
    <message>
        <source>{name} is not a regular file (a pipe, socket or device), so it is not a {what} file</source>
        <translation>{name} 不是普通文件（而是管道、套接字或设备），所以不是{what}文件</translation>
    </message>
    <message>
        <source>cannot open {what} file {name}: {reason}</source>
        <translation>无法打开{what}文件 {name}：{reason}</translation>
    </message>
    <message>
        <source>{name} is not a regular file, so it is not a {what} file</source>
        <translation>{name} 不是普通文件，所以不是{what}文件</translation>
    </message>
    <message>
        <source>{name} is {mb:.0f} MB, more than a {what} file may be ({most:.0f} MB)</source>
        <translation>{name} 有 {mb:.0f} MB，超过了{what}文件的上限（{most:.0f} MB）</translation>
    </message>
    <message>
        <source>{name} is not a {what} file (not a zip archive), or it is damaged</source>
        <translation>{name} 不是{what}文件（不是 zip 压缩包），或者已损坏</translation>
    </message>
    <message>
        <source>unknown letter {name!r}; choose from {known}</source>
        <translation>未知的字母 {name!r}；请从 {known} 中选择</translation>
    </message>
    <message>
        <source>number of images must be from 1 to {most:,} (got {count!r})</source>
        <translation>图像数必须在 1 到 {most:,} 之间（实际为 {count!r}）</translation>
    </message>
    <message>
        <source>a data set needs {least} to {most} classes (got {n})</source>
        <translation>数据集需要 {least} 到 {most} 个类别（实际为 {n} 个）</translation>
    </message>
    <message>
        <source>each class needs its own name (got {names})</source>
        <translation>每个类别都需要各自的名称（实际为 {names}）</translation>
    </message>
    <message>
        <source>unknown class {name!r}; choose from {known}</source>
        <translation>未知的类别 {name!r}；请从 {known} 中选择</translation>
    </message>
    <message>
        <source>it is empty</source>
        <translation>它是空的</translation>
    </message>
    <message>
        <source>it has {rows} rows, at most {most} are allowed</source>
        <translation>它有 {rows} 行，最多允许 {most} 行</translation>
    </message>
    <message>
        <source>row {row} has {cell!r}; every value must be a finite number</source>
        <translation>第 {row} 行有 {cell!r}；每个值都必须是有限的数</translation>
    </message>
    <message>
        <source>row {row} has {cell}, outside the allowed range -1 to 1</source>
        <translation>第 {row} 行有 {cell}，超出了允许的范围 -1 到 1</translation>
    </message>
    <message>
        <source>a drawing must be a grid of at most {most}x{most} pixels (got shape {shape})</source>
        <translation>绘图必须是最多 {most}x{most} 像素的网格（实际形状为 {shape}）</translation>
    </message>
    <message>
        <source>a drawing's pixels must all be numbers from -1 to 1</source>
        <translation>绘图的像素必须都是 -1 到 1 之间的数</translation>
    </message>
    <message>
        <source>{name} is a binary file, not a drawing (text with '#' and '.')</source>
        <translation>{name} 是二进制文件，不是绘图（由 '#' 和 '.' 组成的文本）</translation>
    </message>
    <message>
        <source>images must be a stack (N, H, W), not shape {shape}</source>
        <translation>图像必须是 (N, H, W) 的堆叠，而不是形状 {shape}</translation>
    </message>
    <message>
        <source>it holds no images</source>
        <translation>其中没有图像</translation>
    </message>
    <message>
        <source>it holds {n:,} images, at most {most:,} are allowed</source>
        <translation>其中有 {n:,} 张图像，最多允许 {most:,} 张</translation>
    </message>
    <message>
        <source>its images are {h}x{w}, at most {most}x{most} are allowed</source>
        <translation>其中的图像是 {h}x{w}，最大允许 {most}x{most}</translation>
    </message>
    <message>
        <source>it has {n} images but labels of shape {shape}</source>
        <translation>其中有 {n} 张图像，但标签的形状是 {shape}</translation>
    </message>
    <message>
        <source>its {n:,} images of {h}x{w} are {pixels:,} pixels, at most {most:,} are allowed</source>
        <translation>其中 {n:,} 张 {h}x{w} 的图像共有 {pixels:,} 个像素，最多允许 {most:,} 个</translation>
    </message>
    <message>
        <source>images must be numbers and labels whole numbers (got {images}, {labels})</source>
        <translation>图像必须是数，标签必须是整数（实际为 {images}、{labels}）</translation>
    </message>
    <message>
        <source>its image pixels must all be finite numbers from -1 to 1</source>
        <translation>其图像像素必须都是 -1 到 1 之间的有限数</translation>
    </message>
    <message>
        <source>its labels must be from 0 to {last} (one per class)</source>
        <translation>其标签必须在 0 到 {last} 之间（每个类别一个）</translation>
    </message>
    <message>
        <source>cannot save this dataset: {problem}</source>
        <translation>无法保存这个数据集：{problem}</translation>
    </message>
    <message>
        <source>the class list of {name}</source>
        <translation>{name} 的类别列表</translation>
    </message>
    <message>
        <source>{name} has no valid class list (a JSON list of names)</source>
        <translation>{name} 没有有效的类别列表（由名称组成的 JSON 列表）</translation>
    </message>
    <message>
        <source>{name} is not a valid dataset: {problem}</source>
        <translation>{name} 不是有效的数据集：{problem}</translation>
    </message>
    <message>
        <source>row {row} is empty</source>
        <translation>第 {row} 行是空的</translation>
    </message>
    <message>
        <source>row {row} has {cells} cells, at most {most} are allowed</source>
        <translation>第 {row} 行有 {cells} 个格子，最多允许 {most} 个</translation>
    </message>
    <message>
        <source>row {row} has {cells} cells, row 1 has {first}</source>
        <translation>第 {row} 行有 {cells} 个格子，而第 1 行有 {first} 个</translation>
    </message>
    <message>
        <source>row {row} has the character {cell!r}; use '#' for ink and '.' for background</source>
        <translation>第 {row} 行有字符 {cell!r}；请用 '#' 表示墨迹，用 '.' 表示背景</translation>
    </message>
    <message>
        <source>row {row} has {cell!r}, which is not a number</source>
        <translation>第 {row} 行有 {cell!r}，这不是数</translation>
    </message>
    <message>
        <source>not a valid drawing: {problem}</source>
        <translation>不是有效的绘图：{problem}</translation>
    </message>
    <message>
        <source>{name} is not UTF-8 text, so it cannot be a drawing</source>
        <translation>{name} 不是 UTF-8 文本，所以不可能是绘图</translation>
    </message>
    <message>
        <source>{name} is not a valid drawing: {problem}</source>
        <translation>{name} 不是有效的绘图：{problem}</translation>
    </message>
    <message>
        <source>{name} has an entry {entry!r} that no dataset file has</source>
        <translation>{name} 有数据集文件不会有的条目 {entry!r}</translation>
    </message>
    <message>
        <source>{name} has {entry} of shape {shape}, which is not a dataset's</source>
        <translation>{name} 的 {entry} 形状为 {shape}，不是数据集的形状</translation>
    </message>
    <message>
        <source>{name} holds {count:,} {entry}, at most {most:,} are allowed</source>
        <translation>{name} 中有 {count:,} 个 {entry}，最多允许 {most:,} 个</translation>
    </message>
    <message>
        <source>{name} has {rows}x{cols} images, at most {most}x{most} are allowed</source>
        <translation>{name} 中的图像是 {rows}x{cols}，最大允许 {most}x{most}</translation>
    </message>
    <message>
        <source>{name} holds {pixels:,} pixels of {dtype}, more than a data set may hold ({most:,} of float32)</source>
        <translation>{name} 中有 {pixels:,} 个 {dtype} 像素，超过了数据集的上限（{most:,} 个 float32）</translation>
    </message>
    <message>
        <source>{name} has labels of {dtype}, not whole numbers</source>
        <translation>{name} 的标签是 {dtype}，不是整数</translation>
    </message>
    <message>
        <source>{name} has no {entry!r} entry, so it is not a dataset file</source>
        <translation>{name} 没有 {entry!r} 条目，所以不是数据集文件</translation>
    </message>
    <message>
        <source>cannot read drawing {name}: {reason}</source>
        <translation>无法读取绘图 {name}：{reason}</translation>
    </message>
    <message>
        <source>this lab has no training history to go back in</source>
        <translation>这个实验没有可以回溯的训练历史</translation>
    </message>
    <message>
        <source>{name}: {problem}</source>
        <translation>{name}：{problem}</translation>
    </message>
    <message>
        <source>this is not an XO ConvNet lab file (format {format!r} expected)</source>
        <translation>这不是 XO ConvNet 实验文件（应为格式 {format!r}）</translation>
    </message>
    <message>
        <source>the lab file version {version!r} is not a version number</source>
        <translation>实验文件的版本 {version!r} 不是版本号</translation>
    </message>
    <message>
        <source>this lab file is format version {version}, written by a newer XO ConvNet Lab; this program reads version {known} and older</source>
        <translation>这个实验文件的格式版本是 {version}，由更新版本的 XO ConvNet Lab 写入；本程序只能读取版本 {known} 及更早的版本</translation>
    </message>
    <message>
        <source>not a valid lab: {problem}</source>
        <translation>不是有效的实验：{problem}</translation>
    </message>
    <message>
        <source>the entry {entry!r} is not part of a lab file</source>
        <translation>条目 {entry!r} 不属于实验文件</translation>
    </message>
    <message>
        <source>the entry {entry!r} is not a JSON object</source>
        <translation>条目 {entry!r} 不是 JSON 对象</translation>
    </message>
    <message>
        <source>{name} is a damaged lab file ({error}: {detail})</source>
        <translation>{name} 是已损坏的实验文件（{error}：{detail}）</translation>
    </message>
    <message>
        <source>a convolution needs at least one feature (got {n})</source>
        <translation>卷积至少需要一个特征（实际为 {n}）</translation>
    </message>
    <message>
        <source>feature size must be at least 1 (got {n})</source>
        <translation>特征大小至少为 1（实际为 {n}）</translation>
    </message>
    <message>
        <source>a {k}x{k} feature is larger than its {h}x{w} input</source>
        <translation>{k}x{k} 的特征比它 {h}x{w} 的输入还大</translation>
    </message>
    <message>
        <source>pooling window must be at least 1 (got {n})</source>
        <translation>池化窗口至少为 1（实际为 {n}）</translation>
    </message>
    <message>
        <source>pooling stride must be at least 1 (got {n})</source>
        <translation>池化步长至少为 1（实际为 {n}）</translation>
    </message>
    <message>
        <source>a {k}x{k} pooling window is larger than its {h}x{w} input</source>
        <translation>{k}x{k} 的池化窗口比它 {h}x{w} 的输入还大</translation>
    </message>
    <message>
        <source>a layer with {count:,} weights is too large (at most {most:,})</source>
        <translation>一层有 {count:,} 个权重，太大了（最多 {most:,} 个）</translation>
    </message>
    <message>
        <source>{count:,} images are more than a data set may hold ({most:,})</source>
        <translation>{count:,} 张图像超过了数据集的上限（{most:,} 张）</translation>
    </message>
    <message>
        <source>{count:,} images of {rows}x{cols} are {pixels:,} pixels, more than a data set may hold ({limit:,}): at this size use at most {most:,} images</source>
        <translation>{count:,} 张 {rows}x{cols} 的图像共有 {pixels:,} 个像素，超过了数据集的上限（{limit:,} 个）：在这个大小下最多使用 {most:,} 张图像</translation>
    </message>
    <message>
        <source>the classes must be a list of 2 to {most} names</source>
        <translation>类别必须是由 2 到 {most} 个名称组成的列表</translation>
    </message>
    <message>
        <source>it has {n} classes; a data set has 2 to {most}</source>
        <translation>它有 {n} 个类别；数据集应有 2 到 {most} 个</translation>
    </message>
    <message>
        <source>each class name must be text of 1 to {most} characters</source>
        <translation>每个类别名称必须是 1 到 {most} 个字符的文本</translation>
    </message>
    <message>
        <source>the network has {n:,} layers (at most {most})</source>
        <translation>网络有 {n:,} 层（最多 {most} 层）</translation>
    </message>
    <message>
        <source>the network has {n:,} weights (at most {most:,})</source>
        <translation>网络有 {n:,} 个权重（最多 {most:,} 个）</translation>
    </message>
    <message>
        <source>one image needs {mb:,.0f} MB on its way through this network (at most {most:.0f} MB)</source>
        <translation>一张图像通过这个网络需要 {mb:,.0f} MB（最多 {most:.0f} MB）</translation>
    </message>
    <message>
        <source>the network has {n:,} maps to draw (at most {most:,}): use fewer features</source>
        <translation>网络有 {n:,} 张要绘制的特征图（最多 {most:,} 张）：请减少特征数</translation>
    </message>
    <message>
        <source>this network needs about {mb:.1f} MB per image, so a batch of {batch} would need {gb:.1f} GB (at most {limit:.0f} GB): use fewer or smaller features or a smaller batch (at most {most})</source>
        <translation>这个网络每张图像约需 {mb:.1f} MB，所以一个 {batch} 张的批次需要 {gb:.1f} GB（最多 {limit:.0f} GB）：请使用更少或更小的特征，或更小的批次（最多 {most}）</translation>
    </message>
    <message>
        <source>one batch of {batch} would take about {billions:,.1f} billion operations (at most {limit:.0f} billion): use a batch of at most {most} or a smaller network</source>
        <translation>一个 {batch} 张的批次约需 {billions:,.1f} 十亿次运算（最多 {limit:.0f} 十亿次）：请使用最多 {most} 张的批次，或更小的网络</translation>
    </message>
    <message>
        <source>{name} takes images of {n} channels; drawings and data sets here have one</source>
        <translation>{name} 接受 {n} 个通道的图像；这里的绘图和数据集只有一个通道</translation>
    </message>
    <message>
        <source>{name} has no 'config' entry: not an XO ConvNet model</source>
        <translation>{name} 没有 'config' 条目：不是 XO ConvNet 模型</translation>
    </message>
    <message>
        <source>{name}: 'config' is not a text entry</source>
        <translation>{name}：'config' 不是文本条目</translation>
    </message>
    <message>
        <source>the 'config' of {name}</source>
        <translation>{name} 的 'config'</translation>
    </message>
    <message>
        <source>{name} is not an XO ConvNet model (format {format!r} expected)</source>
        <translation>{name} 不是 XO ConvNet 模型（应为格式 {format!r}）</translation>
    </message>
    <message>
        <source>{name} is model format version {version}; this program reads version {known}</source>
        <translation>{name} 的模型格式版本是 {version}；本程序读取的是版本 {known}</translation>
    </message>
    <message>
        <source>{name} describes an impossible network: {problem}</source>
        <translation>{name} 描述的网络不可能成立：{problem}</translation>
    </message>
    <message>
        <source>{name} has an entry {key!r} that the network does not use</source>
        <translation>{name} 有网络用不到的条目 {key!r}</translation>
    </message>
    <message>
        <source>{name} is missing the weights {key}</source>
        <translation>{name} 缺少权重 {key}</translation>
    </message>
    <message>
        <source>{name}: {key} holds {dtype}, not numbers</source>
        <translation>{name}：{key} 中是 {dtype}，不是数</translation>
    </message>
    <message>
        <source>{name}: {key} is shaped {shape}, the network needs {needed}</source>
        <translation>{name}：{key} 的形状是 {shape}，而网络需要 {needed}</translation>
    </message>
    <message>
        <source>{name}: {key} contains NaN or infinite values (or numbers too large for float32)</source>
        <translation>{name}：{key} 包含 NaN 或无穷大的值（或者对 float32 来说过大的数）</translation>
    </message>
    <message>
        <source>{name}: 'config' is not a text entry of at most {most:,} characters</source>
        <translation>{name}：'config' 不是最多 {most:,} 个字符的文本条目</translation>
    </message>
    <message>
        <source>{name}: {key} claims {n:,} weights, more than any layer here may have ({most:,})</source>
        <translation>{name}：{key} 声称有 {n:,} 个权重，超过了这里任何一层的上限（{most:,}）</translation>
    </message>
    <message>
        <source>{blocks} blocks need one feature count and one feature size per block, or a single value for all ({given})</source>
        <translation>{blocks} 个块需要每块一个特征数和一个特征大小，或者所有块共用一个值（{given}）</translation>
    </message>
    <message>
        <source>{name} must be whole numbers separated by commas, got {text!r}</source>
        <translation>{name}必须是用逗号分隔的整数，实际为 {text!r}</translation>
    </message>
    <message>
        <source>at least one block is needed ({given})</source>
        <translation>至少需要一个块（{given}）</translation>
    </message>
    <message>
        <source>each block needs at least one feature (got {n})</source>
        <translation>每个块至少需要一个特征（实际为 {n}）</translation>
    </message>
    <message>
        <source>hidden layers need at least one neuron (got {n})</source>
        <translation>隐藏层至少需要一个神经元（实际为 {n}）</translation>
    </message>
    <message>
        <source>block {n}: {problem}</source>
        <translation>第 {n} 块：{problem}</translation>
    </message>
    <message>
        <source>a network needs at least one layer</source>
        <translation>网络至少需要一层</translation>
    </message>
    <message>
        <source>the network description is not a JSON object</source>
        <translation>网络描述不是 JSON 对象</translation>
    </message>
    <message>
        <source>the network description has no list of layers</source>
        <translation>网络描述中没有层的列表</translation>
    </message>
    <message>
        <source>a fully connected layer needs a flatten layer before it</source>
        <translation>全连接层之前需要一个展平层</translation>
    </message>
    <message>
        <source>the history has no snapshots</source>
        <translation>历史中没有快照</translation>
    </message>
    <message>
        <source>a snapshot's weights do not fit the network of this history (another architecture needs a new history)</source>
        <translation>快照的权重与这段历史的网络不符（换一种架构需要新的历史）</translation>
    </message>
    <message>
        <source>not a regular file</source>
        <translation>不是普通文件</translation>
    </message>
    <message>
        <source>a folder</source>
        <translation>文件夹</translation>
    </message>
    <message>
        <source>a pipe (FIFO)</source>
        <translation>管道（FIFO）</translation>
    </message>
    <message>
        <source>a device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>a socket</source>
        <translation>套接字</translation>
    </message>
    <message>
        <source>no {what} file given (the name is empty)</source>
        <translation>没有给出{what}文件（名称为空）</translation>
    </message>
    <message>
        <source>{name} is {kind}, not a {what} file</source>
        <translation>{name} 是{kind}，不是{what}文件</translation>
    </message>
    <message>
        <source>{name} is {size}, too large for a {what} file (at most {most})</source>
        <translation>{name} 有 {size}，作为{what}文件太大了（最多 {most}）</translation>
    </message>
    <message>
        <source>{name} changed while being opened; it is not read</source>
        <translation>{name} 在打开时发生了变化；不予读取</translation>
    </message>
    <message>
        <source>cannot save: no file name given</source>
        <translation>无法保存：没有给出文件名</translation>
    </message>
    <message>
        <source>cannot save {name}: it is {kind}</source>
        <translation>无法保存 {name}：它是{kind}</translation>
    </message>
    <message>
        <source>cannot save {name}: the folder {folder} does not exist</source>
        <translation>无法保存 {name}：文件夹 {folder} 不存在</translation>
    </message>
    <message>
        <source>cannot save {name}: the file name is too long</source>
        <translation>无法保存 {name}：文件名太长</translation>
    </message>
    <message>
        <source>cannot save {name}: {reason}</source>
        <translation>无法保存 {name}：{reason}</translation>
    </message>
    <message>
        <source>cannot save {name}: it is the {flag} file itself, which would be lost; save to another name</source>
        <translation>无法保存 {name}：它就是 {flag} 文件本身，保存会使其丢失；请另存为其他名称</translation>
    </message>
    <message>
        <source>{name} is a single array, not a {what} file (.npz)</source>
        <translation>{name} 是单个数组，不是{what}文件（.npz）</translation>
    </message>
    <message>
        <source>{name} is not a {what} file (.npz), or it is damaged</source>
        <translation>{name} 不是{what}文件（.npz），或者已损坏</translation>
    </message>
    <message>
        <source>{name} is not a {what} file (.npz), or it is damaged or truncated</source>
        <translation>{name} 不是{what}文件（.npz），或者已损坏、不完整</translation>
    </message>
    <message>
        <source>{name} needs more memory than there is to read it</source>
        <translation>读取 {name} 所需的内存超过了现有内存</translation>
    </message>
    <message>
        <source>{name} is a damaged {what} file ({error}: {detail})</source>
        <translation>{name} 是已损坏的{what}文件（{error}：{detail}）</translation>
    </message>
    <message>
        <source>the name is not valid</source>
        <translation>名称无效</translation>
    </message>
    <message>
        <source>{name} unpacks to more than {most}, too large for a {what} file</source>
        <translation>{name} 解压后超过 {most}，作为{what}文件太大了</translation>
    </message>
    <message>
        <source>{name} has an entry {entry!r} that no {what} file has</source>
        <translation>{name} 有{what}文件不会有的条目 {entry!r}</translation>
    </message>
    <message>
        <source>{name} has the entry {entry!r} twice</source>
        <translation>{name} 中条目 {entry!r} 出现了两次</translation>
    </message>
    <message>
        <source>{name} contains pickled Python objects, which are never loaded</source>
        <translation>{name} 包含 pickle 序列化的 Python 对象，这类对象从不加载</translation>
    </message>
    <message>
        <source>{what} is not text</source>
        <translation>{what}不是文本</translation>
    </message>
    <message>
        <source>{what} is {n:,} characters long (at most {most:,})</source>
        <translation>{what}长 {n:,} 个字符（最多 {most:,} 个）</translation>
    </message>
    <message>
        <source>{what} is nested too deeply (at most {most} levels)</source>
        <translation>{what}嵌套过深（最多 {most} 层）</translation>
    </message>
    <message>
        <source>{what} is not valid: {problem}</source>
        <translation>{what}无效：{problem}</translation>
    </message>
    <message>
        <source>{what} is not valid JSON ({reason} at character {pos})</source>
        <translation>{what}不是有效的 JSON（第 {pos} 个字符处：{reason}）</translation>
    </message>
    <message>
        <source>{what} is not valid JSON ({reason})</source>
        <translation>{what}不是有效的 JSON（{reason}）</translation>
    </message>
    <message>
        <source>a sound's samples must all be finite numbers</source>
        <translation>声音的采样必须都是有限的数</translation>
    </message>
    <message>
        <source>could not make strings that hold only their own motif; choose longer or more different text classes</source>
        <translation>无法生成只包含自身模式的字符串；请选择更长或差别更大的文本类别</translation>
    </message>
    <message>
        <source>there is nothing to train on (the training set is empty)</source>
        <translation>没有可训练的数据（训练集为空）</translation>
    </message>
    <message>
        <source>images and labels differ in number</source>
        <translation>图像和标签的数量不同</translation>
    </message>
    <message>
        <source>a label is outside the network's classes</source>
        <translation>有标签不在网络的类别之内</translation>
    </message>
    <message>
        <source>every layer with weights is frozen, so nothing would learn</source>
        <translation>所有带权重的层都被冻结了，所以什么也学不到</translation>
    </message>
    <message>
        <source>target accuracy must be in (0, 1]</source>
        <translation>目标准确率必须在 (0, 1] 之内</translation>
    </message>
    <message>
        <source>target loss must be 0 or more</source>
        <translation>目标损失必须大于或等于 0</translation>
    </message>
    <message>
        <source>{name} is not a picture Qt can read</source>
        <translation>{name} 不是 Qt 能读取的图片</translation>
    </message>
    <message>
        <source>{name} is cut short: the end of the picture is missing</source>
        <translation>{name} 不完整：图片的结尾缺失了</translation>
    </message>
    <message>
        <source>{name} is {w}×{h} pixels; pictures of up to {most:,} pixels can be imported</source>
        <translation>{name} 有 {w}×{h} 像素；只能导入最多 {most:,} 像素的图片</translation>
    </message>
</context>
<context>
    <name>Explanation</name>
    <message>
        <source>pad 0</source>
        <translation>补 0</translation>
    </message>
    <message>
        <source>&lt;p&gt;Input map {n}:&lt;/p&gt;</source>
        <translation>&lt;p&gt;输入图 {n}：&lt;/p&gt;</translation>
    </message>
    <message>
        <source>patch</source>
        <translation>图块</translation>
    </message>
    <message>
        <source>× feature</source>
        <translation>× 特征</translation>
    </message>
    <message>
        <source>= products, pixel by pixel</source>
        <translation>= 逐像素相乘的积</translation>
    </message>
    <message>
        <source>&lt;p&gt;{n} pixels (patch × feature, pixel by pixel).&lt;/p&gt;</source>
        <translation>&lt;p&gt;{n} 个像素（图块 × 特征，逐像素相乘）。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Sum of the products = &lt;b&gt;{total}&lt;/b&gt; ({agree} agree, {disagree} disagree)&lt;/p&gt;</source>
        <translation>&lt;p&gt;乘积之和 = &lt;b&gt;{total}&lt;/b&gt;（{agree} 个一致，{disagree} 个不一致）&lt;/p&gt;</translation>
    </message>
    <message>
        <source>+ bias {bias} = {result}</source>
        <translation>+ 偏置 {bias} = {result}</translation>
    </message>
    <message>
        <source>&lt;p&gt;Divide by the number of pixels so that a perfect match gives 1 and a perfect mismatch −1.&lt;/p&gt;</source>
        <translation>&lt;p&gt;除以像素个数，这样完全匹配得 1，完全不匹配得 −1。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;The window runs off the edge of the map: the missing cells count as 0.&lt;/p&gt;</source>
        <translation>&lt;p&gt;窗口超出了特征图的边缘：缺少的格子按 0 计算。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>maximum = {value}</source>
        <translation>最大值 = {value}</translation>
    </message>
    <message>
        <source>mean = {value}</source>
        <translation>平均值 = {value}</translation>
    </message>
    <message>
        <source>&lt;p&gt;Pooling keeps the best match in each window, so the picture shrinks but the matches survive a small shift.&lt;/p&gt;</source>
        <translation>&lt;p&gt;池化保留每个窗口中最好的匹配，所以图变小了，但匹配结果在小幅平移后依然保留。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;The mean of {n} cells.&lt;/p&gt;</source>
        <translation>&lt;p&gt;{n} 个格子的平均值。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;ReLU: every negative value becomes 0; positive values pass unchanged.&lt;/p&gt;</source>
        <translation>&lt;p&gt;ReLU：每个负值都变为 0；正值原样通过。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Value from pooled map {map}, row {r}, column {c}: &lt;b&gt;{value}&lt;/b&gt;&lt;/p&gt;</source>
        <translation>&lt;p&gt;来自池化图 {map} 第 {r} 行、第 {c} 列的值：&lt;b&gt;{value}&lt;/b&gt;&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Its votes (value × weight):&lt;/p&gt;</source>
        <translation>&lt;p&gt;它的投票（值 × 权重）：&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Sum of all {n} votes {sum} + bias {bias} = &lt;b&gt;{result}&lt;/b&gt;&lt;/p&gt;</source>
        <translation>&lt;p&gt;全部 {n} 个投票之和 {sum} + 偏置 {bias} = &lt;b&gt;{result}&lt;/b&gt;&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Sum of all {n} votes {sum} = &lt;b&gt;{result}&lt;/b&gt;&lt;/p&gt;</source>
        <translation>&lt;p&gt;全部 {n} 个投票之和 {sum} = &lt;b&gt;{result}&lt;/b&gt;&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;{n} values each vote value × weight. The largest:&lt;/p&gt;</source>
        <translation>&lt;p&gt;{n} 个值各投一票：值 × 权重。最大的几项：&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;Softmax: P({name}) = {formula} = &lt;b&gt;{share}&lt;/b&gt;&lt;/p&gt;</source>
        <translation>&lt;p&gt;Softmax：P({name}) = {formula} = &lt;b&gt;{share}&lt;/b&gt;&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;In the sound: frequencies from {low} to {high} Hz, from {start} s to {end} s.&lt;/p&gt;</source>
        <translation>&lt;p&gt;在声音中：频率从 {low} 到 {high} 赫兹，时间从 {start} 秒到 {end} 秒。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;In the word: letters {first} to {last} at positions {start} to {end}.&lt;/p&gt;</source>
        <translation>&lt;p&gt;在单词中：位置 {start} 到 {end} 上的字母 {first} 到 {last}。&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>ExplanationPanel</name>
    <message>
        <source>&lt;p&gt;The patch and feature for a convolution, the window for pooling, max(0, x) for ReLU, value × weight for the votes. Click a feature's pixel to flip it.&lt;/p&gt;</source>
        <translation>&lt;p&gt;卷积看图块和特征，池化看窗口，ReLU 看 max(0, x)，投票看值 × 权重。点击特征的像素即可翻转它。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;Where does a number come from?&lt;/b&gt; Point at any cell of any map to see its arithmetic; click to pin it.</source>
        <translation>&lt;b&gt;数字从哪里来？&lt;/b&gt;指向任意特征图的任意格子即可查看它的计算过程；点击可将其固定。</translation>
    </message>
    <message>
        <source>Explanation of the chosen cell</source>
        <translation>所选格子的计算说明</translation>
    </message>
</context>
<context>
    <name>ExploreActions</name>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <source>Clear the drawing</source>
        <translation>清除绘图</translation>
    </message>
    <message>
        <source>Swap ink and background</source>
        <translation>交换墨迹和背景</translation>
    </message>
    <message>
        <source>Rotate a quarter turn clockwise</source>
        <translation>顺时针旋转四分之一圈</translation>
    </message>
    <message>
        <source>Mirror left to right</source>
        <translation>左右镜像</translation>
    </message>
    <message>
        <source>Move the drawing one pixel</source>
        <translation>将绘图移动一个像素</translation>
    </message>
    <message>
        <source>Open a drawing file (text: # for ink, . for background)</source>
        <translation>打开绘图文件（文本：# 表示墨迹，. 表示背景）</translation>
    </message>
    <message>
        <source>Save the drawing as a text file</source>
        <translation>把绘图保存为文本文件</translation>
    </message>
    <message>
        <source>Scale a picture file (PNG, JPEG, …) down into the grid</source>
        <translation>将图片文件（PNG、JPEG 等）缩小到网格中</translation>
    </message>
    <message>
        <source>Put the tutorial's three features back</source>
        <translation>恢复教程中的三个特征</translation>
    </message>
    <message>
        <source>Back to the hand-made network at the current grid size (the drawing is kept)</source>
        <translation>回到当前网格大小下手工搭建的网络（保留绘图）</translation>
    </message>
    <message>
        <source>Pen: the left button paints ink (+1)</source>
        <translation>画笔：左键画墨迹（+1）</translation>
    </message>
    <message>
        <source>&amp;Undo</source>
        <translation>撤销(&amp;U)</translation>
    </message>
    <message>
        <source>&amp;Redo</source>
        <translation>重做(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Clear</source>
        <translation>清除(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Invert</source>
        <translation>反色(&amp;I)</translation>
    </message>
    <message>
        <source>Ro&amp;tate 90°</source>
        <translation>旋转 90°(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Mirror</source>
        <translation>镜像(&amp;M)</translation>
    </message>
    <message>
        <source>Shift &amp;Up</source>
        <translation>上移(&amp;U)</translation>
    </message>
    <message>
        <source>Shift &amp;Down</source>
        <translation>下移(&amp;D)</translation>
    </message>
    <message>
        <source>Shift &amp;Left</source>
        <translation>左移(&amp;L)</translation>
    </message>
    <message>
        <source>Shift &amp;Right</source>
        <translation>右移(&amp;R)</translation>
    </message>
    <message>
        <source>Open &amp;drawing…</source>
        <translation>打开绘图(&amp;D)…</translation>
    </message>
    <message>
        <source>Sa&amp;ve drawing…</source>
        <translation>保存绘图(&amp;V)…</translation>
    </message>
    <message>
        <source>&amp;Import picture…</source>
        <translation>导入图片(&amp;I)…</translation>
    </message>
    <message>
        <source>Reset &amp;features</source>
        <translation>重置特征(&amp;F)</translation>
    </message>
    <message>
        <source>Use the tutorial’s &amp;network</source>
        <translation>使用教程的网络(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Pen</source>
        <translation>画笔(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Eraser</source>
        <translation>橡皮擦(&amp;E)</translation>
    </message>
    <message>
        <source>Eraser: the left button paints background (−1), for touchpads</source>
        <translation>橡皮擦：左键画背景（−1），适合触控板</translation>
    </message>
    <message>
        <source>Open drawing</source>
        <translation>打开绘图</translation>
    </message>
    <message>
        <source>Save drawing</source>
        <translation>保存绘图</translation>
    </message>
    <message>
        <source>Import picture</source>
        <translation>导入图片</translation>
    </message>
</context>
<context>
    <name>ExploreTab</name>
    <message>
        <source>Reset features</source>
        <translation>重置特征</translation>
    </message>
    <message>
        <source>Put the tutorial's three features back</source>
        <translation>恢复教程中的三个特征</translation>
    </message>
    <message>
        <source>&lt;b&gt;The network, layer by layer&lt;/b&gt; — point at a cell to see its arithmetic; click a feature pixel to flip it</source>
        <translation>&lt;b&gt;网络逐层展示&lt;/b&gt; — 指向格子即可查看它的计算过程；点击特征像素可翻转它</translation>
    </message>
    <message>
        <source>Maps of the network (they scroll when zoomed in)</source>
        <translation>网络的特征图（放大后可滚动）</translation>
    </message>
    <message>
        <source>, input map {n}</source>
        <translation>，输入图 {n}</translation>
    </message>
    <message>
        <source>A feature is a small picture of a piece of a sound: +1 where it expects a loud frequency at a moment, −1 where it expects quiet.</source>
        <translation>特征是声音某一部分的小图：期望某一时刻某个频率响的地方为 +1，期望安静的地方为 −1。</translation>
    </message>
    <message>
        <source>A feature is a small picture of a few letters side by side: +1 where it expects a letter at a position, −1 where it expects another.</source>
        <translation>特征是几个相邻字母的小图：期望某个位置是某个字母的地方为 +1，期望是别的字母的地方为 −1。</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Feature {f}{where}, pixel row {r}, column {c}&lt;/h3&gt;&lt;p&gt;Value &lt;b&gt;{value}&lt;/b&gt;. {what}&lt;/p&gt;&lt;p&gt;&lt;b&gt;Click&lt;/b&gt; to flip this pixel and watch every map and vote change.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;特征 {f}{where}，像素第 {r} 行、第 {c} 列&lt;/h3&gt;&lt;p&gt;值 &lt;b&gt;{value}&lt;/b&gt;。{what}&lt;/p&gt;&lt;p&gt;&lt;b&gt;点击&lt;/b&gt;即可翻转这个像素，观察每张特征图和每个投票如何变化。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>A feature is a small picture of a piece of the letter: +1 where it expects ink, −1 where it expects background.</source>
        <translation>特征是字母某一部分的小图：期望有墨迹的地方为 +1，期望是背景的地方为 −1。</translation>
    </message>
    <message>
        <source>Feature map of {name}, row {r}, column {c}</source>
        <translation>{name} 的特征图，第 {r} 行、第 {c} 列</translation>
    </message>
    <message>
        <source>ReLU map of {name}, row {r}, column {c}</source>
        <translation>{name} 的 ReLU 图，第 {r} 行、第 {c} 列</translation>
    </message>
    <message>
        <source>Max-pooled map of {name}, row {r}, column {c}</source>
        <translation>{name} 的最大池化图，第 {r} 行、第 {c} 列</translation>
    </message>
    <message>
        <source>Average-pooled map of {name}, row {r}, column {c}</source>
        <translation>{name} 的平均池化图，第 {r} 行、第 {c} 列</translation>
    </message>
    <message>
        <source>Flattened value #{n}</source>
        <translation>展平后的值 #{n}</translation>
    </message>
    <message>
        <source>Votes for {name}</source>
        <translation>投给 {name} 的票</translation>
    </message>
    <message>
        <source>{layer}, value #{n}</source>
        <translation>{layer}，值 #{n}</translation>
    </message>
    <message>
        <source> &lt;small&gt;(animation: cell {k} of {n})&lt;/small&gt;</source>
        <translation> &lt;small&gt;（动画：第 {k} 格，共 {n} 格）&lt;/small&gt;</translation>
    </message>
    <message>
        <source> &lt;small&gt;(pinned: click it again to release)&lt;/small&gt;</source>
        <translation> &lt;small&gt;（已固定：再次点击可取消）&lt;/small&gt;</translation>
    </message>
</context>
<context>
    <name>Features</name>
    <message>
        <source>down-diagonal</source>
        <translation>下斜线</translation>
    </message>
    <message>
        <source>centre cross</source>
        <translation>中心交叉</translation>
    </message>
    <message>
        <source>up-diagonal</source>
        <translation>上斜线</translation>
    </message>
    <message>
        <source>feature {n}</source>
        <translation>特征 {n}</translation>
    </message>
</context>
<context>
    <name>FeaturesView</name>
    <message>
        <source>Each small square is one feature: red pixels are positive weights, blue negative (the tutorial's ±1)</source>
        <translation>每个小方块是一个特征：红色像素是正权重，蓝色是负权重（即教程中的 ±1）</translation>
    </message>
    <message>
        <source>Features of the network being trained</source>
        <translation>正在训练的网络的特征</translation>
    </message>
    <message>
        <source>{layer} ({count}): start on top, now below</source>
        <translation>{layer}（{count}）：上方为初始值，下方为当前值</translation>
    </message>
</context>
<context>
    <name>FileReader</name>
    <message>
        <source>there is not enough memory to read it</source>
        <translation>内存不足，无法读取它</translation>
    </message>
    <message>
        <source>it could not be read ({error})</source>
        <translation>无法读取它（{error}）</translation>
    </message>
</context>
<context>
    <name>GradientView</name>
    <message>
        <source>Which weights: layers.&lt;index&gt;.weight|bias, as in model files</source>
        <translation>选择哪些权重：layers.&lt;index&gt;.weight|bias，与模型文件中的写法一致</translation>
    </message>
    <message>
        <source>Which weight within them (counted row by row)</source>
        <translation>选择其中哪一个权重（逐行计数）</translation>
    </message>
    <message>
        <source>How far to nudge the weight up and down</source>
        <translation>把权重向上和向下微调多少</translation>
    </message>
    <message>
        <source>Nudge and compare</source>
        <translation>微调并比较</translation>
    </message>
    <message>
        <source>Loss on the editor's drawing (against what the drawing is) with the weight nudged down and up, against the exact backprop gradient</source>
        <translation>把权重向下和向上微调后，编辑器中绘图的损失（以绘图的真实类别为准），与精确的反向传播梯度进行对比</translation>
    </message>
    <message>
        <source>Choose a weight and press 'Nudge and compare'.</source>
        <translation>选择一个权重，然后点击“微调并比较”。</translation>
    </message>
    <message>
        <source>layer / weight</source>
        <translation>层 / 权重</translation>
    </message>
    <message>
        <source>before</source>
        <translation>之前</translation>
    </message>
    <message>
        <source>gradient</source>
        <translation>梯度</translation>
    </message>
    <message>
        <source>after</source>
        <translation>之后</translation>
    </message>
    <message>
        <source>Press Step to train one batch and see what changed</source>
        <translation>点击“单步”训练一个批次，看看发生了什么变化</translation>
    </message>
    <message>
        <source>Weight</source>
        <translation>权重</translation>
    </message>
    <message>
        <source>Weight number</source>
        <translation>权重序号</translation>
    </message>
    <message>
        <source>What one step changed</source>
        <translation>一步训练改变了什么</translation>
    </message>
    <message>
        <source>Nudge ±</source>
        <translation>微调 ±</translation>
    </message>
    <message>
        <source>After a Step (one batch):</source>
        <translation>单步之后（一个批次）：</translation>
    </message>
    <message>
        <source>{layer} weights  ({name})</source>
        <translation>{layer} 权重  ({name})</translation>
    </message>
    <message>
        <source>{layer} biases  ({name})</source>
        <translation>{layer} 偏置  ({name})</translation>
    </message>
    <message>
        <source>weight = {weight}&lt;br&gt;loss with weight − {eps}: {down}&lt;br&gt;loss with weight + {eps}: {up}&lt;br&gt;&lt;b&gt;nudge estimate&lt;/b&gt; (difference ÷ {two_eps}): &lt;b&gt;{numerical}&lt;/b&gt;&lt;br&gt;&lt;b&gt;backprop&lt;/b&gt;: &lt;b&gt;{backprop}&lt;/b&gt; (they differ by {difference})</source>
        <translation>权重 = {weight}&lt;br&gt;权重 − {eps} 时的损失：{down}&lt;br&gt;权重 + {eps} 时的损失：{up}&lt;br&gt;&lt;b&gt;微调估计&lt;/b&gt;（差值 ÷ {two_eps}）：&lt;b&gt;{numerical}&lt;/b&gt;&lt;br&gt;&lt;b&gt;反向传播&lt;/b&gt;：&lt;b&gt;{backprop}&lt;/b&gt;（两者相差 {difference}）</translation>
    </message>
    <message>
        <source>They disagree: the loss has a corner here (a tie in a pooling window or a ReLU input at exactly 0), where the two sides slope differently. Try a smaller nudge or another weight.</source>
        <translation>两者不一致：损失在这里有一个拐角（池化窗口中有并列的最大值，或 ReLU 的输入恰好为 0），两侧的斜率不同。请试试更小的微调幅度，或换一个权重。</translation>
    </message>
</context>
<context>
    <name>HistoryBar</name>
    <message>
        <source>Rewind: drag, or use ← and →, to see the features, the votes and the mistakes as they were at that moment</source>
        <translation>回放：拖动或按 ← 和 →，查看那一刻的特征、投票和错误</translation>
    </message>
    <message>
        <source>Training history</source>
        <translation>训练历史</translation>
    </message>
    <message>
        <source>Show in Explore</source>
        <translation>在探索中显示</translation>
    </message>
    <message>
        <source>Put the network of this moment in Explore (Undo brings the previous one back)</source>
        <translation>把这一刻的网络放到探索页（撤销可恢复之前的网络）</translation>
    </message>
    <message>
        <source>Train from here</source>
        <translation>从这里继续训练</translation>
    </message>
    <message>
        <source>Forget what came after this moment and train on from it</source>
        <translation>丢弃这一刻之后的训练，从这里继续训练</translation>
    </message>
    <message>
        <source>History</source>
        <translation>历史</translation>
    </message>
    <message>
        <source>nothing trained yet</source>
        <translation>尚未训练</translation>
    </message>
    <message>
        <source>now: epoch {epoch}</source>
        <translation>当前：第 {epoch} 轮</translation>
    </message>
    <message>
        <source>moment {i} of {n}: epoch {epoch}</source>
        <translation>第 {i}/{n} 个时刻：第 {epoch} 轮</translation>
    </message>
    <message>
        <source>· older moments thinned evenly</source>
        <translation>· 较早的时刻已均匀精简</translation>
    </message>
</context>
<context>
    <name>LabActions</name>
    <message>
        <source>&amp;Open Lab…</source>
        <translation>打开实验(&amp;O)…</translation>
    </message>
    <message>
        <source>&amp;Save Lab</source>
        <translation>保存实验(&amp;S)</translation>
    </message>
    <message>
        <source>Save Lab &amp;As…</source>
        <translation>实验另存为(&amp;A)…</translation>
    </message>
    <message>
        <source>Export &amp;Movie…</source>
        <translation>导出动画(&amp;M)…</translation>
    </message>
    <message>
        <source>The run's learning as an animated GIF: one frame per moment of the history</source>
        <translation>把这次训练的学习过程导出为 GIF 动画：历史中的每个时刻一帧</translation>
    </message>
    <message>
        <source>Drawing as &amp;Sound (WAV)…</source>
        <translation>绘图转为声音 (WAV)(&amp;S)…</translation>
    </message>
    <message>
        <source>Hear the drawing as a spectrogram: rows are pitches (high on top), columns are moments</source>
        <translation>把绘图当作频谱图来听：行是音高（高音在上），列是时间</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>(none yet)</source>
        <translation>（暂无）</translation>
    </message>
    <message>
        <source>Open lab</source>
        <translation>打开实验</translation>
    </message>
    <message>
        <source>Cannot open lab</source>
        <translation>无法打开实验</translation>
    </message>
    <message>
        <source>Cannot open {path}:
{why}</source>
        <translation>无法打开 {path}：
{why}</translation>
    </message>
    <message>
        <source>Save lab</source>
        <translation>保存实验</translation>
    </message>
    <message>
        <source>Cannot save lab</source>
        <translation>无法保存实验</translation>
    </message>
    <message>
        <source>Export movie</source>
        <translation>导出动画</translation>
    </message>
    <message>
        <source>Animated GIF (*.gif)</source>
        <translation>GIF 动画 (*.gif)</translation>
    </message>
    <message>
        <source>Rendering the movie…</source>
        <translation>正在生成动画…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Cannot export movie</source>
        <translation>无法导出动画</translation>
    </message>
    <message>
        <source>Export sound</source>
        <translation>导出声音</translation>
    </message>
    <message>
        <source>Sound (*.wav)</source>
        <translation>声音 (*.wav)</translation>
    </message>
    <message>
        <source>Cannot export sound</source>
        <translation>无法导出声音</translation>
    </message>
    <message>
        <source>Unsaved lab</source>
        <translation>实验尚未保存</translation>
    </message>
    <message>
        <source>The lab has changes that are not saved (the drawing, the networks or the training). Save the lab first?</source>
        <translation>实验有尚未保存的更改（绘图、网络或训练）。要先保存实验吗？</translation>
    </message>
</context>
<context>
    <name>LabModel</name>
    <message>
        <source>Paint</source>
        <translation>绘制</translation>
    </message>
    <message>
        <source>Cannot change the grid size</source>
        <translation>无法更改网格大小</translation>
    </message>
    <message>
        <source>The network in use was trained on {n}×{n} drawings and cannot read a {size}×{size} one. Use Edit → Use the tutorial’s network (or retrain at that size) to change the grid size.</source>
        <translation>当前使用的网络是用 {n}×{n} 的绘图训练的，无法读取 {size}×{size} 的绘图。请使用 编辑 → 使用教程的网络（或以该大小重新训练）来更改网格大小。</translation>
    </message>
    <message>
        <source>Preset {name}</source>
        <translation>预设 {name}</translation>
    </message>
    <message>
        <source>Cannot draw the preset</source>
        <translation>无法画出预设</translation>
    </message>
    <message>
        <source>{preset} cannot be drawn on a {n}×{n} grid.</source>
        <translation>{preset} 无法画在 {n}×{n} 的网格上。</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>Invert</source>
        <translation>反色</translation>
    </message>
    <message>
        <source>Rotate</source>
        <translation>旋转</translation>
    </message>
    <message>
        <source>Mirror</source>
        <translation>镜像</translation>
    </message>
    <message>
        <source>Shift</source>
        <translation>平移</translation>
    </message>
    <message>
        <source>The grid goes from {low} to {high}.</source>
        <translation>网格大小范围为 {low} 到 {high}。</translation>
    </message>
    <message>
        <source>Grid {n}×{n}</source>
        <translation>网格 {n}×{n}</translation>
    </message>
    <message>
        <source>{name} is {rows}×{cols}; drawings here are square</source>
        <translation>{name} 的大小是 {rows}×{cols}；这里的绘图必须是正方形</translation>
    </message>
    <message>
        <source>{name} is {n}×{n}; the grid goes from {low} to {high}</source>
        <translation>{name} 的大小是 {n}×{n}；网格大小范围为 {low} 到 {high}</translation>
    </message>
    <message>
        <source>Cannot open drawing</source>
        <translation>无法打开绘图</translation>
    </message>
    <message>
        <source>Open {name}</source>
        <translation>打开 {name}</translation>
    </message>
    <message>
        <source>Cannot import picture</source>
        <translation>无法导入图片</translation>
    </message>
    <message>
        <source>Import {name}</source>
        <translation>导入 {name}</translation>
    </message>
    <message>
        <source>Cannot save drawing</source>
        <translation>无法保存绘图</translation>
    </message>
    <message>
        <source>the tutorial's network</source>
        <translation>教程的网络</translation>
    </message>
    <message>
        <source>the trained network</source>
        <translation>训练好的网络</translation>
    </message>
    <message>
        <source>a network</source>
        <translation>一个网络</translation>
    </message>
    <message>
        <source>Cannot use this network</source>
        <translation>无法使用这个网络</translation>
    </message>
    <message>
        <source>The network takes {rows}×{cols} drawings; the drawing is {n}×{n}.</source>
        <translation>该网络接受 {rows}×{cols} 的绘图；当前绘图是 {n}×{n}。</translation>
    </message>
    <message>
        <source>Use another network</source>
        <translation>使用其他网络</translation>
    </message>
    <message>
        <source>Use the tutorial's network</source>
        <translation>使用教程的网络</translation>
    </message>
    <message>
        <source>Flip a feature pixel</source>
        <translation>翻转特征像素</translation>
    </message>
    <message>
        <source>Cannot reset features</source>
        <translation>无法重置特征</translation>
    </message>
    <message>
        <source>This network's first layer does not have the tutorial's three 3×3 features.</source>
        <translation>这个网络的第一层不是教程中的三个 3×3 特征。</translation>
    </message>
    <message>
        <source>Reset features</source>
        <translation>重置特征</translation>
    </message>
</context>
<context>
    <name>Lesson</name>
    <message>
        <source>Cannot open lesson</source>
        <translation>无法打开课程</translation>
    </message>
    <message>
        <source>Lesson step {n}</source>
        <translation>课程第 {n} 步</translation>
    </message>
</context>
<context>
    <name>LessonPanel</name>
    <message>
        <source>Lesson</source>
        <translation>课程</translation>
    </message>
    <message>
        <source>L&amp;esson</source>
        <translation>课程(&amp;E)</translation>
    </message>
    <message>
        <source>Open &amp;Lesson…</source>
        <translation>打开课程(&amp;L)…</translation>
    </message>
    <message>
        <source>Open a lesson file (.md) written by a teacher</source>
        <translation>打开老师编写的课程文件（.md）</translation>
    </message>
    <message>
        <source>◀ Back</source>
        <translation>◀ 上一步</translation>
    </message>
    <message>
        <source>The previous step (PgUp, Alt+Left)</source>
        <translation>上一步（PgUp、Alt+左方向键）</translation>
    </message>
    <message>
        <source>Next ▶</source>
        <translation>下一步 ▶</translation>
    </message>
    <message>
        <source>The next step (PgDn, Alt+Right)</source>
        <translation>下一步（PgDn、Alt+右方向键）</translation>
    </message>
    <message>
        <source>Close the lesson (F1 opens it again)</source>
        <translation>关闭课程（按 F1 可再次打开）</translation>
    </message>
    <message>
        <source>Each step sets up its own drawing; Edit → Undo (Ctrl+Z) brings yours back.</source>
        <translation>每一步都会换上它自己的绘图；编辑 → 撤销（Ctrl+Z）可以找回你的绘图。</translation>
    </message>
    <message>
        <source>Open lesson</source>
        <translation>打开课程</translation>
    </message>
    <message>
        <source>Lessons (*.md)</source>
        <translation>课程 (*.md)</translation>
    </message>
    <message>
        <source>Step {n} of {count}</source>
        <translation>第 {n} 步，共 {count} 步</translation>
    </message>
    <message>
        <source>&lt;b&gt;Try this:&lt;/b&gt; {task}</source>
        <translation>&lt;b&gt;试一试：&lt;/b&gt;{task}</translation>
    </message>
    <message>
        <source>Done!</source>
        <translation>完成！</translation>
    </message>
    <message>
        <source>Waiting for you to try it…</source>
        <translation>等你来试一试……</translation>
    </message>
    <message>
        <source>You moved the drawing diagonally.</source>
        <translation>你把绘图沿斜线移动了。</translation>
    </message>
    <message>
        <source>You moved the drawing {n} px to the right.</source>
        <translation>你把绘图向右移动了 {n} 像素。</translation>
    </message>
    <message>
        <source>You moved the drawing {n} px to the left.</source>
        <translation>你把绘图向左移动了 {n} 像素。</translation>
    </message>
    <message>
        <source>You moved the drawing {n} px down.</source>
        <translation>你把绘图向下移动了 {n} 像素。</translation>
    </message>
    <message>
        <source>You moved the drawing {n} px up.</source>
        <translation>你把绘图向上移动了 {n} 像素。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>XO ConvNet Lab</source>
        <translation>XO ConvNet Lab</translation>
    </message>
    <message>
        <source>Explore</source>
        <translation>探索</translation>
    </message>
    <message>
        <source>Train</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Zoom {n}%</source>
        <translation>缩放 {n}%</translation>
    </message>
    <message>
        <source>&amp;Shift</source>
        <translation>平移(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;How it works</source>
        <translation>工作原理(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About</source>
        <translation>关于(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;Export</source>
        <translation>导出(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>Zoom &amp;In</source>
        <translation>放大(&amp;I)</translation>
    </message>
    <message>
        <source>Zoom &amp;Out</source>
        <translation>缩小(&amp;O)</translation>
    </message>
    <message>
        <source>&amp;Actual Size</source>
        <translation>实际大小(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Presentation Mode</source>
        <translation>演示模式(&amp;P)</translation>
    </message>
    <message>
        <source>Pale&amp;tte</source>
        <translation>配色(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>How it works</source>
        <translation>工作原理</translation>
    </message>
    <message>
        <source>Main toolbar</source>
        <translation>主工具栏</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>Show &amp;numbers</source>
        <translation>显示数字(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Red and blue</source>
        <translation>红与蓝(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Orange and purple (colour-blind safe)</source>
        <translation>橙与紫（色盲友好）(&amp;O)</translation>
    </message>
    <message>
        <source>The softmax probability of the winning answer</source>
        <translation>获胜答案的 softmax 概率</translation>
    </message>
    <message>
        <source>Explore: {network} says {name} ({sure})   ·   forward {ms} ms</source>
        <translation>探索：{network} 判断为 {name}（{sure}）   ·   前向 {ms} ms</translation>
    </message>
    <message>
        <source>About XO ConvNet Lab</source>
        <translation>关于 XO ConvNet Lab</translation>
    </message>
    <message>
        <source>&lt;b&gt;XO ConvNet Lab&lt;/b&gt;&lt;p&gt;A tiny convolutional network you can see and poke at, after Brandon Rohrer's “How Convolutional Neural Networks Work”. Python, PySide6, NumPy, pyqtgraph.&lt;/p&gt;</source>
        <translation>&lt;b&gt;XO ConvNet Lab&lt;/b&gt;&lt;p&gt;一个看得见、摸得着的小型卷积神经网络，参照 Brandon Rohrer 的《How Convolutional Neural Networks Work》（卷积神经网络是如何工作的）。使用 Python、PySide6、NumPy、pyqtgraph。&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;h3&gt;How a convolutional network tells X from O&lt;/h3&gt;
&lt;ol&gt;
&lt;li&gt;&lt;b&gt;Features&lt;/b&gt;: small pictures of pieces of a letter (a down-diagonal, a cross, an
up-diagonal).&lt;/li&gt;
&lt;li&gt;&lt;b&gt;Convolution&lt;/b&gt;: slide each feature over the drawing; at each position multiply pixel
by pixel, add up, divide by the number of pixels. 1 is a perfect match, −1 a perfect
mismatch. This gives one &lt;i&gt;feature map&lt;/i&gt; per feature.&lt;/li&gt;
&lt;li&gt;&lt;b&gt;ReLU&lt;/b&gt;: negative values become 0.&lt;/li&gt;
&lt;li&gt;&lt;b&gt;Pooling&lt;/b&gt;: keep the largest value of each 2×2 window; the map shrinks, the
matches survive small shifts.&lt;/li&gt;
&lt;li&gt;&lt;b&gt;Votes&lt;/b&gt;: every remaining value votes for X and for O with a weight; the answer
with the most votes wins (softmax turns votes into probabilities).&lt;/li&gt;
&lt;/ol&gt;
&lt;p&gt;Draw in the grid and watch every map change. Point at any cell to see its arithmetic.
Click a feature's pixel to flip it. The Train tab learns features and votes from
examples.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;卷积网络如何分辨 X 和 O&lt;/h3&gt;
&lt;ol&gt;
&lt;li&gt;
&lt;b&gt;特征&lt;/b&gt;：字母某一部分的小图（下斜线、交叉、上斜线）。&lt;/li&gt;
&lt;li&gt;
&lt;b&gt;卷积&lt;/b&gt;：让每个特征在绘图上滑动；在每个位置逐像素相乘、求和，再除以像素个数。1 表示完全匹配，−1 表示完全不匹配。每个特征由此得到一张&lt;i&gt;特征图&lt;/i&gt;。&lt;/li&gt;
&lt;li&gt;
&lt;b&gt;ReLU&lt;/b&gt;：负值变为 0。&lt;/li&gt;
&lt;li&gt;
&lt;b&gt;池化&lt;/b&gt;：保留每个 2×2 窗口中的最大值；特征图变小了，而匹配结果在小幅平移后依然保留。&lt;/li&gt;
&lt;li&gt;
&lt;b&gt;投票&lt;/b&gt;：剩下的每个值都带着权重为 X 和 O 投票；得票最多的答案获胜（softmax 把投票变成概率）。&lt;/li&gt;
&lt;/ol&gt;
&lt;p&gt;
在网格中作画，观察每张特征图如何变化。指向任意格子即可查看它的计算过程。点击特征的像素即可翻转它。“训练”页会从样例中学习特征和投票。
&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>MatchBar</name>
    <message>
        <source>standard {name}: {value}% of pixels match</source>
        <translation>标准 {name}：{value}% 的像素匹配</translation>
    </message>
</context>
<context>
    <name>Pipeline</name>
    <message>
        <source>convolution → feature maps</source>
        <translation>卷积 → 特征图</translation>
    </message>
    <message>
        <source>ReLU: negatives → 0</source>
        <translation>ReLU：负值 → 0</translation>
    </message>
    <message>
        <source>max pooling {n}×{n}, stride {stride}</source>
        <translation>最大池化 {n}×{n}，步长 {stride}</translation>
    </message>
    <message>
        <source>average pooling {n}×{n}, stride {stride}</source>
        <translation>平均池化 {n}×{n}，步长 {stride}</translation>
    </message>
</context>
<context>
    <name>PipelineView</name>
    <message>
        <source>value (−1 … +1)</source>
        <translation>值（−1 … +1）</translation>
    </message>
    <message>
        <source>The network, layer by layer</source>
        <translation>网络逐层展示</translation>
    </message>
    <message>
        <source>The numbers are too small to read at this size: zoom in (Ctrl++) or make the window larger.</source>
        <translation>在这个大小下数字太小看不清：请放大（Ctrl++）或把窗口调大。</translation>
    </message>
    <message>
        <source>Block {n}: {f} features {k}×{k} over {c} maps</source>
        <translation>第 {n} 块：{f} 个 {k}×{k} 特征，作用于 {c} 张特征图</translation>
    </message>
    <message>
        <source>Block {n}: {f} features {k}×{k}</source>
        <translation>第 {n} 块：{f} 个 {k}×{k} 特征</translation>
    </message>
    <message>
        <source>{n} values</source>
        <translation>{n} 个值</translation>
    </message>
    <message>
        <source>colours ±{m}</source>
        <translation>颜色 ±{m}</translation>
    </message>
    <message>
        <source>weights</source>
        <translation>权重</translation>
    </message>
    <message>
        <source>weights → {k} neurons</source>
        <translation>权重 → {k} 个神经元</translation>
    </message>
    <message>
        <source>→ hidden layers ({sizes}),
summarized here; the votes
are in the votes chart (left)</source>
        <translation>→ 隐藏层（{sizes}），
此处为概括显示；投票
见投票图（左侧）</translation>
    </message>
    <message>
        <source>→ hidden layer ({sizes}),
summarized here; the votes
are in the votes chart (left)</source>
        <translation>→ 隐藏层（{sizes}），
此处为概括显示；投票
见投票图（左侧）</translation>
    </message>
</context>
<context>
    <name>PixelGrid</name>
    <message>
        <source>Left button: ink (+1). Right button: background (−1). Arrow keys shift the drawing. Drop a drawing or picture file here.</source>
        <translation>左键：墨迹（+1）。右键：背景（−1）。方向键可平移绘图。可以把绘图或图片文件拖放到这里。</translation>
    </message>
    <message>
        <source>Drawing grid</source>
        <translation>绘图网格</translation>
    </message>
</context>
<context>
    <name>Presets</name>
    <message>
        <source>{letter} (canonical)</source>
        <translation>{letter}（标准）</translation>
    </message>
    <message>
        <source>{letter} shifted</source>
        <translation>{letter} 平移</translation>
    </message>
    <message>
        <source>{letter} small</source>
        <translation>{letter} 偏小</translation>
    </message>
    <message>
        <source>{letter} large</source>
        <translation>{letter} 偏大</translation>
    </message>
    <message>
        <source>{letter} rotated</source>
        <translation>{letter} 旋转</translation>
    </message>
    <message>
        <source>{letter} thick</source>
        <translation>{letter} 加粗</translation>
    </message>
    <message>
        <source>{letter} noisy</source>
        <translation>{letter} 带噪声</translation>
    </message>
    <message>
        <source>Sound: a rising tone</source>
        <translation>声音：上升的音调</translation>
    </message>
    <message>
        <source>Sound: a falling tone</source>
        <translation>声音：下降的音调</translation>
    </message>
    <message>
        <source>Sound: a steady tone</source>
        <translation>声音：平稳的音调</translation>
    </message>
    <message>
        <source>Sound: beeps</source>
        <translation>声音：哔哔声</translation>
    </message>
    <message>
        <source>Sound: up, then down</source>
        <translation>声音：先升后降</translation>
    </message>
    <message>
        <source>Sound: down, then up</source>
        <translation>声音：先降后升</translation>
    </message>
    <message>
        <source>Sound: {name}</source>
        <translation>声音：{name}</translation>
    </message>
    <message>
        <source>Text: a word with “{motif}”</source>
        <translation>文本：含有“{motif}”的单词</translation>
    </message>
</context>
<context>
    <name>ReadProgress</name>
    <message>
        <source>Reading {name}…</source>
        <translation>正在读取 {name}…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Reading a file</source>
        <translation>正在读取文件</translation>
    </message>
</context>
<context>
    <name>SettingsPanel</name>
    <message>
        <source>{layer}: features of block {n}</source>
        <translation>{layer}：第 {n} 块的特征</translation>
    </message>
    <message>
        <source>{layer}: votes</source>
        <translation>{layer}：投票</translation>
    </message>
    <message>
        <source>{layer}: hidden neurons</source>
        <translation>{layer}：隐藏神经元</translation>
    </message>
    <message>
        <source>Start from</source>
        <translation>起点</translation>
    </message>
    <message>
        <source>Tutorial's network</source>
        <translation>教程的网络</translation>
    </message>
    <message>
        <source>Random weights</source>
        <translation>随机权重</translation>
    </message>
    <message>
        <source>Model file</source>
        <translation>模型文件</translation>
    </message>
    <message>
        <source>The tutorial's hand-made network, fresh random weights of the architecture below, or a saved model</source>
        <translation>教程中手工搭建的网络、按下方结构重新随机初始化权重的网络，或已保存的模型</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>Choose a model file (.npz) to start from</source>
        <translation>选择一个模型文件（.npz）作为起点</translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation>网络结构</translation>
    </message>
    <message>
        <source>Features per block, e.g. 6 or 6,8 (one number per block, or one for all)</source>
        <translation>每块的特征数，例如 6 或 6,8（每块一个数，或用一个数代表所有块）</translation>
    </message>
    <message>
        <source>max</source>
        <translation>最大</translation>
    </message>
    <message>
        <source>average</source>
        <translation>平均</translation>
    </message>
    <message>
        <source>none (votes straight from the maps)</source>
        <translation>无（直接由特征图投票）</translation>
    </message>
    <message>
        <source>Sizes of fully connected layers before the votes, e.g. 16 or 32,16</source>
        <translation>投票之前各全连接层的大小，例如 16 或 32,16</translation>
    </message>
    <message>
        <source>Seed of the random starting weights</source>
        <translation>随机初始权重的种子</translation>
    </message>
    <message>
        <source>Blocks</source>
        <translation>块数</translation>
    </message>
    <message>
        <source>Features per block</source>
        <translation>每块特征数</translation>
    </message>
    <message>
        <source>Feature size</source>
        <translation>特征大小</translation>
    </message>
    <message>
        <source>Pool window</source>
        <translation>池化窗口</translation>
    </message>
    <message>
        <source>Pool stride</source>
        <translation>池化步长</translation>
    </message>
    <message>
        <source>Pooling</source>
        <translation>池化</translation>
    </message>
    <message>
        <source>Hidden sizes</source>
        <translation>隐藏层大小</translation>
    </message>
    <message>
        <source>Weights seed</source>
        <translation>权重种子</translation>
    </message>
    <message>
        <source>Freeze (keep as they are)</source>
        <translation>冻结（保持不变）</translation>
    </message>
    <message>
        <source>Checked layers do not learn - e.g. keep the tutorial's features and learn only the votes</source>
        <translation>勾选的层不学习——例如保留教程的特征，只学习投票</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>How many convolution → ReLU → pooling blocks. One is enough for 9×9 X and O; try 2 on 28×28 grids, where the second block combines the first one's strokes.</source>
        <translation>卷积 → ReLU → 池化块的数量。对 9×9 的 X 和 O，一个块就够了；在 28×28 网格上可以试试 2 个，第二个块会把第一个块找到的笔画组合起来。</translation>
    </message>
    <message>
        <source>Size of each feature (3 → 3×3), the tutorial's size. Larger features see longer strokes but need more examples; try 5 on big grids.</source>
        <translation>每个特征的大小（3 → 3×3，教程里的大小）。更大的特征能看到更长的笔画，但需要更多样本；在大网格上可以试试 5。</translation>
    </message>
    <message>
        <source>Pooling window size (2 → 2×2, the tutorial's). Larger windows forgive larger shifts but blur where a stroke was.</source>
        <translation>池化窗口大小（2 → 2×2，教程里的大小）。窗口越大，越能容忍较大的平移，但笔画的位置也越模糊。</translation>
    </message>
    <message>
        <source>How far the pooling window steps. Equal to the window, the map shrinks by that factor; 1 keeps its size (and its cost).</source>
        <translation>池化窗口每次移动的距离。与窗口相同时，特征图按这个倍数缩小；为 1 时保持原大小（计算量也不变）。</translation>
    </message>
    <message>
        <source>Learning rate: how far each step moves the weights downhill. Try 0.01 with adam, 0.1 with sgd; too large and the loss jumps about or the training diverges, too small and it crawls.</source>
        <translation>学习率：每一步沿下坡方向移动权重的距离。adam 可以试 0.01，sgd 可以试 0.1；太大时损失会来回跳动甚至发散，太小时训练会非常慢。</translation>
    </message>
    <message>
        <source>Images per step: the gradient is their average. Small batches take many noisy steps, large ones few smooth ones; 16 to 64 is a good start.</source>
        <translation>每一步使用的图像数：梯度是它们的平均。小批次会走很多步但噪声大，大批次步数少但平稳；从 16 到 64 开始比较好。</translation>
    </message>
    <message>
        <source>Passes over the training images. Watch the validation curve: when it stops improving, more epochs only memorize.</source>
        <translation>遍历训练图像的次数。注意验证曲线：当它不再改善时，更多的轮次只是在死记硬背。</translation>
    </message>
    <message>
        <source>sgd is plain gradient descent: w ← w − lr·∂loss/∂w</source>
        <translation>sgd 是普通的梯度下降：w ← w − lr·∂loss/∂w</translation>
    </message>
    <message>
        <source>Softmax cross-entropy</source>
        <translation>Softmax 交叉熵</translation>
    </message>
    <message>
        <source>Tutorial's error</source>
        <translation>教程的误差</translation>
    </message>
    <message>
        <source>Seed of the batch order</source>
        <translation>批次顺序的种子</translation>
    </message>
    <message>
        <source>after all epochs</source>
        <translation>所有轮次结束后</translation>
    </message>
    <message>
        <source>when validation accuracy ≥</source>
        <translation>当验证准确率 ≥</translation>
    </message>
    <message>
        <source>when validation loss ≤</source>
        <translation>当验证损失 ≤</translation>
    </message>
    <message>
        <source>Target validation accuracy (0-1) or loss</source>
        <translation>目标验证准确率（0-1）或损失</translation>
    </message>
    <message>
        <source>Stop target</source>
        <translation>停止目标</translation>
    </message>
    <message>
        <source>full speed</source>
        <translation>全速</translation>
    </message>
    <message>
        <source>watch</source>
        <translation>观看</translation>
    </message>
    <message>
        <source>fast</source>
        <translation>快速</translation>
    </message>
    <message>
        <source>slow</source>
        <translation>慢速</translation>
    </message>
    <message>
        <source>one batch a second</source>
        <translation>每秒一个批次</translation>
    </message>
    <message>
        <source>Full speed trains as fast as the engine can; 'watch' and 'slow' wait between batches so you can see every change</source>
        <translation>full speed（全速）会让引擎尽可能快地训练；watch（观看）和 slow（慢速）会在批次之间停顿，让你看清每一处变化</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>批次大小</translation>
    </message>
    <message>
        <source>Epochs (max)</source>
        <translation>轮数（最多）</translation>
    </message>
    <message>
        <source>Optimizer</source>
        <translation>优化器</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>Order seed</source>
        <translation>顺序种子</translation>
    </message>
    <message>
        <source>Pace</source>
        <translation>速度</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Use all cores</source>
        <translation>使用全部处理器核心</translation>
    </message>
    <message>
        <source>Batches with much work (a 28×28 network's, say) are shared with a helper program on each other core: faster when the computer has nothing else to do, and the same training to rounding. Light batches, such as the 9×9 network's, always run on one core.</source>
        <translation>计算量大的批次（例如 28×28 网络的批次）会分给其余每个核心上的一个辅助程序：电脑空闲时更快，训练结果只差舍入误差。计算量小的批次（例如 9×9 网络的批次）总在一个核心上运行。</translation>
    </message>
    <message>
        <source>Not possible: there are no validation images (the Data page's validation share is 0), so this target can never be reached. Raise the share, or stop after all epochs.</source>
        <translation>无法实现：没有验证图像（“数据”页的验证比例为 0），所以这个目标永远无法达到。请提高验证比例，或改为在所有轮次结束后停止。</translation>
    </message>
    <message>
        <source>Not possible: {why}.</source>
        <translation>无法实现：{why}。</translation>
    </message>
    <message>
        <source>Image → pooled maps: {shapes}; {n} weights{where}</source>
        <translation>图像 → 池化图：{shapes}；{n} 个权重{where}</translation>
    </message>
</context>
<context>
    <name>ShowsTraining</name>
    <message>
        <source>Train more</source>
        <translation>继续训练</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Paused. Step trains one batch; Resume goes on.</source>
        <translation>已暂停。“单步”训练一个批次；“继续”接着训练。</translation>
    </message>
    <message>
        <source>Press Start to train, or Step to train one batch and see what changed.</source>
        <translation>点击“开始”进行训练，或点击“单步”训练一个批次并查看发生了什么变化。</translation>
    </message>
    <message>
        <source>The network at epoch {epoch}</source>
        <translation>第 {epoch} 轮时的网络</translation>
    </message>
    <message>
        <source>not started</source>
        <translation>未开始</translation>
    </message>
    <message>
        <source>{n} epochs trained</source>
        <translation>已训练 {n} 轮</translation>
    </message>
    <message>
        <source>{n} epochs trained. Train more, look back with the History slider, use it in Explore or save it.</source>
        <translation>已训练 {n} 轮。可以继续训练、用历史滑块回看、在探索中使用，或者保存。</translation>
    </message>
    <message>
        <source>epoch {epoch}/{epochs} · batch {batch}/{batches}</source>
        <translation>第 {epoch}/{epochs} 轮 · 第 {batch}/{batches} 批</translation>
    </message>
    <message>
        <source>{time} left</source>
        <translation>剩余 {time}</translation>
    </message>
    <message>
        <source>showing {shown} batches/s · engine {n} samples/s</source>
        <translation>显示 {shown} 批次/秒 · 引擎 {n} 样本/秒</translation>
    </message>
    <message>
        <source>Use in Explore, save it, or train more.</source>
        <translation>可以在“探索”中使用、保存，或继续训练。</translation>
    </message>
    <message>
        <source>Training diverged</source>
        <translation>训练发散</translation>
    </message>
    <message>
        <source>Training failed: {why}</source>
        <translation>训练失败：{why}</translation>
    </message>
    <message>
        <source>Training failed</source>
        <translation>训练失败</translation>
    </message>
    <message>
        <source>Training stopped because of an error:
{why}

The weights of the last update shown are kept.</source>
        <translation>训练因错误而停止：
{why}

保留最后一次显示的更新后的权重。</translation>
    </message>
    <message>
        <source>The network being trained (epoch {n})</source>
        <translation>正在训练的网络（第 {n} 轮）</translation>
    </message>
    <message>
        <source>The untrained network</source>
        <translation>未训练的网络</translation>
    </message>
</context>
<context>
    <name>TrainSession</name>
    <message>
        <source>Finished {n} epochs.</source>
        <translation>已完成 {n} 轮。</translation>
    </message>
    <message>
        <source>Reached the target after {n} epochs.</source>
        <translation>{n} 轮后达到了目标。</translation>
    </message>
    <message>
        <source>Stopped at epoch {epoch}, batch {batch}: the weights so far are kept.</source>
        <translation>在第 {epoch} 轮第 {batch} 批停止：保留目前的权重。</translation>
    </message>
    <message>
        <source>Training diverged ({why}): is the learning rate too large? The last good weights are kept.</source>
        <translation>训练发散了（{why}）：学习率是不是太大了？已保留最后一组正常的权重。</translation>
    </message>
    <message>
        <source>Validation accuracy {pct}.</source>
        <translation>验证准确率 {pct}。</translation>
    </message>
</context>
<context>
    <name>TrainTab</name>
    <message>
        <source>{min} min {s} s</source>
        <translation>{min} 分 {s} 秒</translation>
    </message>
    <message>
        <source>{s} s</source>
        <translation>{s} 秒</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>Model &amp;&amp; training</source>
        <translation>模型与训练</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>单步</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>重置</translation>
    </message>
    <message>
        <source>Train in the background (Ctrl+Return)</source>
        <translation>在后台训练（Ctrl+Return）</translation>
    </message>
    <message>
        <source>Pause or resume after the current batch (Ctrl+P)</source>
        <translation>在当前批次结束后暂停或继续（Ctrl+P）</translation>
    </message>
    <message>
        <source>Train exactly one batch, then pause - see the Gradients page for what changed (Ctrl+.)</source>
        <translation>只训练一个批次，然后暂停——在“梯度”页查看发生了什么变化（Ctrl+.）</translation>
    </message>
    <message>
        <source>Stop after the current batch, keeping the weights (Ctrl+Shift+Return)</source>
        <translation>在当前批次结束后停止，保留权重（Ctrl+Shift+Return）</translation>
    </message>
    <message>
        <source>Forget the training and start again from the settings (Ctrl+Shift+R)</source>
        <translation>丢弃训练结果，按设置重新开始（Ctrl+Shift+R）</translation>
    </message>
    <message>
        <source>How many batches a second the window is showing (the pace waits between them), and how fast the engine itself trains: images per second (forward, backward, update)</source>
        <translation>窗口每秒显示多少个批次（节奏会在批次之间等待），以及引擎本身的训练速度：每秒处理的图像数（前向、反向、更新）</translation>
    </message>
    <message>
        <source>Votes</source>
        <translation>投票</translation>
    </message>
    <message>
        <source>Votes and the error table</source>
        <translation>投票与误差表</translation>
    </message>
    <message>
        <source>Confusion</source>
        <translation>混淆矩阵</translation>
    </message>
    <message>
        <source>The confusion matrix and the mistakes</source>
        <translation>混淆矩阵与分错的样本</translation>
    </message>
    <message>
        <source>Gradients</source>
        <translation>梯度</translation>
    </message>
    <message>
        <source>Nudge a weight and compare with backprop</source>
        <translation>微调一个权重，与反向传播比较</translation>
    </message>
    <message>
        <source>Compare</source>
        <translation>对比</translation>
    </message>
    <message>
        <source>ConvNet against a fully connected network, ordered and shuffled</source>
        <translation>卷积网络对比全连接网络：原序与打乱</translation>
    </message>
    <message>
        <source>Use in Explore</source>
        <translation>在探索中使用</translation>
    </message>
    <message>
        <source>Show the trained network in the Explore tab, its features editable like the tutorial's</source>
        <translation>在“探索”页显示训练好的网络，像教程的网络一样可以编辑它的特征</translation>
    </message>
    <message>
        <source>Save model…</source>
        <translation>保存模型…</translation>
    </message>
    <message>
        <source>Open model…</source>
        <translation>打开模型…</translation>
    </message>
    <message>
        <source>Start from a saved model (the current one is kept if the file cannot be used)</source>
        <translation>从已保存的模型开始（如果文件无法使用，则保留当前模型）</translation>
    </message>
    <message>
        <source>Export history…</source>
        <translation>导出历史…</translation>
    </message>
    <message>
        <source>The loss and accuracy of every epoch as a CSV file</source>
        <translation>每一轮的损失和准确率，保存为 CSV 文件</translation>
    </message>
    <message>
        <source>Export curves…</source>
        <translation>导出曲线…</translation>
    </message>
    <message>
        <source>The loss and accuracy curves as a PNG picture</source>
        <translation>损失和准确率曲线，保存为 PNG 图片</translation>
    </message>
    <message>
        <source>One batch…</source>
        <translation>单个批次…</translation>
    </message>
    <message>
        <source>Training…</source>
        <translation>正在训练…</translation>
    </message>
    <message>
        <source>Reset: the network is back at its starting weights.</source>
        <translation>已重置：网络回到了初始权重。</translation>
    </message>
    <message>
        <source>The trained network reads {n}×{n} drawings; the drawing is {m}×{m}. Resample the drawing to {n}×{n} (Undo brings it back)?</source>
        <translation>训练好的网络读取 {n}×{n} 的绘图；当前绘图是 {m}×{m}。要把绘图重新采样为 {n}×{n} 吗（可用“撤销”恢复）？</translation>
    </message>
    <message>
        <source>Use the trained network</source>
        <translation>使用训练好的网络</translation>
    </message>
    <message>
        <source>Show a moment of training in Explore</source>
        <translation>在探索中显示训练的某一时刻</translation>
    </message>
    <message>
        <source>Train from here</source>
        <translation>从这里继续训练</translation>
    </message>
    <message>
        <source>Forget the training after this moment and train on from it?</source>
        <translation>丢弃这一刻之后的训练，并从这里继续训练吗？</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Saved the model to {path}.</source>
        <translation>模型已保存到 {path}。</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>Opened {name}; press Start to train it further.</source>
        <translation>已打开 {name}；点击“开始”继续训练。</translation>
    </message>
    <message>
        <source>Cannot export curves</source>
        <translation>无法导出曲线</translation>
    </message>
    <message>
        <source>{action}: unsaved trained model</source>
        <translation>{action}：训练好的模型尚未保存</translation>
    </message>
    <message>
        <source>The trained network has not been saved. Save it first?</source>
        <translation>训练好的网络还没有保存。要先保存吗？</translation>
    </message>
    <message>
        <source>Save model</source>
        <translation>保存模型</translation>
    </message>
    <message>
        <source>Models (*.npz)</source>
        <translation>模型 (*.npz)</translation>
    </message>
    <message>
        <source>Open model</source>
        <translation>打开模型</translation>
    </message>
    <message>
        <source>Export history</source>
        <translation>导出历史</translation>
    </message>
    <message>
        <source>Export curves</source>
        <translation>导出曲线</translation>
    </message>
    <message>
        <source>Open a misclassified image</source>
        <translation>打开一张分错的图像</translation>
    </message>
</context>
<context>
    <name>Training</name>
    <message>
        <source>The training images are being generated…</source>
        <translation>正在生成训练图像…</translation>
    </message>
    <message>
        <source>A validation target needs validation images: see the red note under 'Stop' on the 'Model &amp; training' page.</source>
        <translation>验证目标需要验证图像：请查看“模型与训练”页上“停止”下方的红色提示。</translation>
    </message>
    <message>
        <source>The trained network reads {n}×{n} drawings and the grid is now {m}×{m}: press Reset to start again at this size, or go back to {n}×{n} in Explore to train it more.</source>
        <translation>训练好的网络读取 {n}×{n} 的绘图，而网格现在是 {m}×{m}：点击“重置”以该大小重新开始，或在“探索”中改回 {n}×{n} 以继续训练。</translation>
    </message>
    <message>
        <source>The trained network tells {found} apart and the data holds {wanted}: press Reset to start again with these classes.</source>
        <translation>训练好的网络区分的是 {found}，而数据包含 {wanted}：请按“重置”，用这些类别重新开始。</translation>
    </message>
    <message>
        <source>These settings cannot work: see the red note under 'Model &amp; training' and change them to start.</source>
        <translation>这些设置无法使用：请查看“模型与训练”下方的红色提示，修改后再开始。</translation>
    </message>
    <message>
        <source>Cannot start training</source>
        <translation>无法开始训练</translation>
    </message>
    <message>
        <source>Cannot reset</source>
        <translation>无法重置</translation>
    </message>
    <message>
        <source>Cannot open model</source>
        <translation>无法打开模型</translation>
    </message>
    <message>
        <source>Cannot save model</source>
        <translation>无法保存模型</translation>
    </message>
    <message>
        <source>Cannot export history</source>
        <translation>无法导出历史</translation>
    </message>
    <message>
        <source>Cannot compare gradients</source>
        <translation>无法比较梯度</translation>
    </message>
    <message>
        <source>Cannot train from here</source>
        <translation>无法从这里继续训练</translation>
    </message>
</context>
<context>
    <name>TrainingData</name>
    <message>
        <source>{name} holds {old}×{old} images and the grid is now {n}×{n}, so generated {n}×{n} images are used instead. Open it again after going back to {old}×{old}.</source>
        <translation>{name} 中是 {old}×{old} 的图像，而网格现在是 {n}×{n}，因此改用生成的 {n}×{n} 图像。回到 {old}×{old} 后再打开它。</translation>
    </message>
    <message>
        <source>its images are {rows}×{cols}; the editor's grid is {n}×{n} (change the grid size first)</source>
        <translation>它的图像是 {rows}×{cols}；编辑器的网格是 {n}×{n}（请先更改网格大小）</translation>
    </message>
    <message>
        <source>Cannot open dataset</source>
        <translation>无法打开数据集</translation>
    </message>
    <message>
        <source>Cannot use {path}:
{why}</source>
        <translation>无法使用 {path}：
{why}</translation>
    </message>
    <message>
        <source>the lab file</source>
        <translation>实验文件</translation>
    </message>
    <message>
        <source>Cannot save dataset</source>
        <translation>无法保存数据集</translation>
    </message>
    <message>
        <source>The images are still being generated; save them when they are ready.</source>
        <translation>图像仍在生成中；请等生成完毕后再保存。</translation>
    </message>
    <message>
        <source>Cannot generate the images</source>
        <translation>无法生成图像</translation>
    </message>
</context>
<context>
    <name>TrainingSettings</name>
    <message>
        <source>{name} takes {rows}×{cols} drawings; the editor's grid is {n}×{n}. Change the grid size in Explore first.</source>
        <translation>{name} 接受 {rows}×{cols} 的绘图；编辑器的网格是 {n}×{n}。请先在“探索”中更改网格大小。</translation>
    </message>
    <message>
        <source>the tutorial's network tells X from O; the data has other classes</source>
        <translation>教程的网络只区分 X 和 O；数据中有其他类别</translation>
    </message>
    <message>
        <source>choose a model file to start from</source>
        <translation>请选择一个模型文件作为起点</translation>
    </message>
    <message>
        <source>this model takes {rows}×{cols} drawings; the editor's grid is {n}×{n}</source>
        <translation>该模型接受 {rows}×{cols} 的绘图；编辑器的网格是 {n}×{n}</translation>
    </message>
    <message>
        <source>this model's classes are {found}, the data's {wanted}</source>
        <translation>这个模型的类别是 {found}，数据的类别是 {wanted}</translation>
    </message>
</context>
<context>
    <name>VoteChart</name>
    <message>
        <source>Grey: the raw votes (sum of value × weight). Orange: the softmax probabilities, which add up to 1.</source>
        <translation>灰色：原始投票（值 × 权重之和）。橙色：softmax 概率，总和为 1。</translation>
    </message>
    <message>
        <source>Vote chart</source>
        <translation>投票图</translation>
    </message>
    <message>
        <source>&lt;span style='color: #5a5a5a;'&gt;■&lt;/span&gt; vote &amp;nbsp; &lt;span style='color: #e68c14;'&gt;■&lt;/span&gt; probability (softmax)</source>
        <translation>&lt;span style='color: #5a5a5a;'&gt;■&lt;/span&gt; 投票 &amp;nbsp; &lt;span style='color: #e68c14;'&gt;■&lt;/span&gt; 概率（softmax）</translation>
    </message>
</context>
<context>
    <name>Votes</name>
    <message>
        <source>The tutorial's network votes with weighted averages: each vote is the average of the pooled values weighted for that letter, so 0.70 against 0.41 is a clear win even though softmax makes it only about 57%. Networks trained with softmax cross-entropy are judged by their probabilities.</source>
        <translation>教程的网络用加权平均来投票：每个投票是池化值针对该字母的加权平均，所以 0.70 对 0.41 是明显的胜利，尽管 softmax 只给出约 57%。用 softmax 交叉熵训练的网络则看它们的概率。</translation>
    </message>
    <message>
        <source>votes {numbers}</source>
        <translation>投票 {numbers}</translation>
    </message>
</context>
<context>
    <name>VotesPanel</name>
    <message>
        <source>&lt;b&gt;Naive way:&lt;/b&gt; pixel-by-pixel match with the standard letter</source>
        <translation>&lt;b&gt;朴素方法：&lt;/b&gt;与标准字母逐像素匹配</translation>
    </message>
    <message>
        <source>It's an {name}</source>
        <translation>这是 {name}</translation>
    </message>
    <message>
        <source>The softmax probability of the winning answer.</source>
        <translation>获胜答案的 softmax 概率。</translation>
    </message>
    <message>
        <source>Naive guess: &lt;b&gt;{name}&lt;/b&gt; (a perfect match)</source>
        <translation>朴素判断：&lt;b&gt;{name}&lt;/b&gt;（完全匹配）</translation>
    </message>
    <message>
        <source>{share} for {name}</source>
        <translation>{name} 为 {share}</translation>
    </message>
    <message>
        <source>Naive guess: &lt;b&gt;{name}&lt;/b&gt;, only {share} alike ({others}): a shift or tilt blurs it; the features still find the strokes.</source>
        <translation>朴素判断：&lt;b&gt;{name}&lt;/b&gt;，只有 {share} 相似（{others}）：平移或倾斜会让它变得模糊；而特征仍然能找到笔画。</translation>
    </message>
</context>
<context>
    <name>VotesView</name>
    <message>
        <source>What the drawing really is: the 'right answer' of the table (presets, examples and your labelled drawings set it)</source>
        <translation>绘图的真实类别：表格中的“正确答案”（由预设、样例和你标注过的绘图决定）</translation>
    </message>
    <message>
        <source>right answer</source>
        <translation>正确答案</translation>
    </message>
    <message>
        <source>actual answer
(vote)</source>
        <translation>实际答案
（投票）</translation>
    </message>
    <message>
        <source>error</source>
        <translation>误差</translation>
    </message>
    <message>
        <source>The drawing is</source>
        <translation>这张绘图是</translation>
    </message>
    <message>
        <source>Error table</source>
        <translation>误差表</translation>
    </message>
    <message>
        <source>{judge} reads drawings of another size than this one: no verdict.</source>
        <translation>{judge} 读取的绘图大小与当前不同：无法判断。</translation>
    </message>
    <message>
        <source>The network</source>
        <translation>网络</translation>
    </message>
    <message>
        <source>{judge} says: {name}{sure}</source>
        <translation>{judge} 判断：{name}{sure}</translation>
    </message>
    <message>
        <source>total</source>
        <translation>总计</translation>
    </message>
    <message>
        <source>actual answer
(probability)</source>
        <translation>实际答案
（概率）</translation>
    </message>
    <message>
        <source>The tutorial's table: right answer 1 for the true letter, 0 for the other; actual answer = the softmax probability, since this network learns with softmax cross-entropy; error = |right − actual|, and their total.</source>
        <translation>教程的表格：真实字母的正确答案为 1，另一个为 0；实际答案 = softmax 概率，因为这个网络用 softmax 交叉熵来学习；误差 = |正确 − 实际|，以及它们的总和。</translation>
    </message>
    <message>
        <source>The tutorial's table: right answer 1 for the true letter, 0 for the other; actual answer = the raw vote (the tutorial's error compares votes directly); error = |right − actual|, and their total.</source>
        <translation>教程的表格：真实字母的正确答案为 1，另一个为 0；实际答案 = 原始投票（教程的误差直接比较投票）；误差 = |正确 − 实际|，以及它们的总和。</translation>
    </message>
</context>
</TS>